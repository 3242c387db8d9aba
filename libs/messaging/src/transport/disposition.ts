/** What a bus transport does with a delivery once the platform has looked at it or run its handler. */
export type Disposition =
  /** Done: acknowledge (handled, a duplicate the inbox skipped, or an unknown type under the `ack` policy). */
  | { kind: 'ack' }
  /** Failed, retries left: deliver again after the back-off. */
  | { kind: 'retry'; reason: string }
  /** Failed for good, or can never succeed (malformed, invalid payload, unknown type): park it with the reason. */
  | { kind: 'dead-letter'; reason: string };

/** The words of an error, for logs and dead letters: the message, never the stack. */
export function reasonOf(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${essence(error.message)}`;
  if (typeof error === 'object' && error !== null && 'message' in error) {
    return essence(String(error.message));
  }
  return essence(String(error));
}

/**
 * One line of a message. Multi-line messages (Prisma's quote the calling source with its file path) end with the
 * line that says what happened, so that one is kept: dead letters are read by operators, not debuggers.
 */
function essence(message: string): string {
  const lines = message
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  return (lines.length > 1 ? lines[lines.length - 1] : (lines[0] ?? '')).slice(0, 1_000);
}
