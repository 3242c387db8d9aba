// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { initialChunks } from './bundle-budget.ts';

const chunk = (
  fileName: string,
  isEntry: boolean,
  imports: string[] = [],
  dynamicImports: string[] = [],
) => ({
  type: 'chunk' as const,
  fileName,
  code: '',
  isEntry,
  imports,
  dynamicImports,
});

describe('initialChunks', () => {
  it('counts the entry and what it imports statically, transitively, but no lazily imported chunk', () => {
    const output = {
      'index.js': chunk('index.js', true, ['vendor.js'], ['admin.js']),
      'vendor.js': chunk('vendor.js', false, ['shared.js']),
      'shared.js': chunk('shared.js', false),
      'admin.js': chunk('admin.js', false, ['shared.js']),
      'style.css': { type: 'asset' as const },
    };
    expect(
      initialChunks(output)
        .map((c) => c.fileName)
        .sort(),
    ).toEqual(['index.js', 'shared.js', 'vendor.js']);
  });
});
