import { gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';

/** The storefront's initial JavaScript, gzipped, may not exceed this (issue: ≤ 150 kB). */
export const INITIAL_JS_BUDGET_BYTES = 150_000;

interface Chunk {
  type: 'chunk';
  fileName: string;
  code: string;
  isEntry: boolean;
  imports: string[];
  dynamicImports: string[];
}
type Output = Record<string, Chunk | { type: 'asset' }>;

const gzipped = (code: string) => gzipSync(code, { level: 9 }).length;
const kB = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;

/**
 * What a first visit downloads before the page can run: the entry chunk and every chunk it imports statically
 * (Vite preloads those); lazily imported chunks (the console, each page split off) are not part of it.
 */
export function initialChunks(output: Output): Chunk[] {
  const chunks = new Map(
    Object.values(output)
      .filter((item): item is Chunk => item.type === 'chunk')
      .map((chunk) => [chunk.fileName, chunk]),
  );
  const initial = new Map<string, Chunk>();
  const visit = (chunk: Chunk) => {
    if (initial.has(chunk.fileName)) return;
    initial.set(chunk.fileName, chunk);
    for (const name of chunk.imports) {
      const imported = chunks.get(name);
      if (imported) visit(imported);
    }
  };
  for (const chunk of chunks.values()) if (chunk.isEntry) visit(chunk);
  return [...initial.values()];
}

/**
 * Prints the initial JavaScript's gzipped size after every build and fails the build when it is over budget,
 * so CI (which builds) refuses a change that would make the first visit heavier than promised.
 */
export interface BudgetReport {
  initialFiles: string[];
  initialBytes: number;
  lazyBytes: number;
}

export function bundleBudget(
  budget = INITIAL_JS_BUDGET_BYTES,
  report: (measured: BudgetReport) => void = () => undefined,
): Plugin {
  return {
    name: 'bazaar-bundle-budget',
    apply: 'build',
    generateBundle(_options, bundle) {
      const output = bundle as unknown as Output;
      const initial = initialChunks(output);
      const initialBytes = initial.reduce((sum, chunk) => sum + gzipped(chunk.code), 0);
      const lazy = Object.values(output).filter(
        (item): item is Chunk => item.type === 'chunk' && !initial.includes(item),
      );
      const lazyBytes = lazy.reduce((sum, chunk) => sum + gzipped(chunk.code), 0);
      report({ initialFiles: initial.map((chunk) => chunk.fileName), initialBytes, lazyBytes });
      const verdict = initialBytes <= budget ? 'within' : 'OVER';
      this.info(
        `initial JavaScript ${kB(initialBytes)} gzipped in ${initial.length} file(s), ${verdict} the ` +
          `${kB(budget)} budget; ${lazy.length} lazy chunk(s) ${kB(lazyBytes)} gzipped`,
      );
      if (initialBytes > budget) {
        this.error(
          `the storefront's initial JavaScript is ${kB(initialBytes)} gzipped, over its ${kB(budget)} budget: ` +
            'split what the first page does not need into a lazy import',
        );
      }
    },
  };
}
