/**
 * Prisma's `contains` becomes `LIKE '%value%'` without escaping, so `%` and `_` typed by a user would act as
 * wildcards: escape them (and the escape character) so `q` always matches itself literally.
 */
export function escapeLike(q: string): string {
  return q.replace(/[\\%_]/g, (c) => `\\${c}`);
}
