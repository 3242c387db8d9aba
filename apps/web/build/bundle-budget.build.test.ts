// @vitest-environment node
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { describe, expect, it } from 'vitest';
import { type BudgetReport, bundleBudget } from './bundle-budget.ts';

const FIXTURE = fileURLToPath(new URL('./fixtures/split/', import.meta.url));

/** A real Vite build of a three-module app: an entry, a module it shares with a lazily imported one, the lazy one. */
async function buildFixture(budget: number): Promise<BudgetReport> {
  let measured: BudgetReport | undefined;
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bazaar-budget-'));
  try {
    await build({
      root: FIXTURE,
      configFile: false,
      logLevel: 'silent',
      build: {
        outDir,
        emptyOutDir: true,
        minify: false,
        // The shared module in a chunk of its own, as a vendor chunk would be: the entry imports it statically.
        rolldownOptions: { output: { codeSplitting: { groups: [{ name: 'shared', test: /shared\.js$/ }] } } },
      },
      plugins: [bundleBudget(budget, (report) => (measured = report))],
    });
  } finally {
    fs.rmSync(outDir, { recursive: true, force: true });
  }
  if (!measured) throw new Error('the budget plugin did not report');
  return measured;
}

/**
 * The budget reads the shape of Vite's (Rolldown's) output bundle: entry chunks, their static `imports`. Should
 * that shape change in an upgrade, these fail rather than the budget silently measuring nothing.
 */
describe('the bundle budget on a real build', () => {
  it('counts the entry and the chunk it imports statically, not the lazily imported one', async () => {
    const report = await buildFixture(150_000);
    expect(report.initialFiles).toHaveLength(2);
    expect(report.initialFiles.some((file) => /main|index/.test(file))).toBe(true);
    expect(report.initialFiles.some((file) => /shared/.test(file))).toBe(true);
    expect(report.initialFiles.some((file) => /lazy/.test(file))).toBe(false);
    expect(report.initialBytes).toBeGreaterThan(0);
    expect(report.lazyBytes).toBeGreaterThan(0);
  });

  it('fails the build when the initial JavaScript is over budget', async () => {
    await expect(buildFixture(10)).rejects.toThrow(/over its 0\.0 kB budget/);
  });
});
