/**
 * The saga's step boundaries where a crash test can kill the process: after a call's effect happened and before
 * orders wrote it down (`after-*`), and after a transition was written and before the next call (`*-written`).
 * Every one of them must end, after a restart, in a consistent order.
 */
export const CRASH_POINTS = [
  'before-reserve',
  'after-reserve',
  'stock-reserved-written',
  'after-authorize',
  'payment-authorized-written',
  'after-capture',
  'after-commit',
  'after-void',
  'after-release',
] as const;

export type CrashPoint = (typeof CRASH_POINTS)[number];
