/**
 * `describe` when the suite can run here, else `describe.skip` after one line saying why: a suite that needs
 * something this machine lacks is skipped out loud, never silently.
 */
export function describeIf(canRun: boolean, skipReason: string): jest.Describe {
  if (!canRun) console.warn(skipReason);
  return canRun ? describe : describe.skip;
}
