/** A port the service could not listen on: start-up stops at once, naming the port and its variable. */
export class PortBindError extends Error {
  constructor(
    readonly port: number,
    readonly variable: string,
    readonly reason: string,
  ) {
    super(`cannot listen on port ${port} (${variable}): ${reason}`);
    this.name = 'PortBindError';
  }
}

const BIND_FAILURES: Record<string, string> = {
  EADDRINUSE: 'address already in use (is another instance running?)',
  EACCES: 'permission denied',
  EADDRNOTAVAIL: 'address not available',
};

/**
 * Runs a step that listens on `port`; a bind failure (Node's `listen` error, or grpc-js's "No address added"
 * summary of one) becomes a `PortBindError`. Anything else passes through unchanged.
 */
export async function bindingPort<T>(port: number, variable: string, listen: () => Promise<T>): Promise<T> {
  try {
    return await listen();
  } catch (error) {
    const reason = bindFailureOf(error);
    throw reason ? new PortBindError(port, variable, reason) : error;
  }
}

function bindFailureOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | undefined)?.code;
  if (typeof code === 'string' && code in BIND_FAILURES) return BIND_FAILURES[code];
  const message = error instanceof Error ? error.message : String(error);
  const named = Object.keys(BIND_FAILURES).find((name) => message.includes(name));
  return named ? BIND_FAILURES[named] : undefined;
}
