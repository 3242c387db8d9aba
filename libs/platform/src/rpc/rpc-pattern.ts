/** The message pattern of an RPC context, or undefined when the transport does not expose one. */
export function rpcPatternOf(transportContext: unknown): string | undefined {
  const withPattern = transportContext as { getPattern?: () => unknown } | undefined;
  const pattern = typeof withPattern?.getPattern === 'function' ? withPattern.getPattern() : undefined;
  if (typeof pattern !== 'string') return undefined;
  // Nest serializes string patterns as JSON strings on some transports.
  return pattern.startsWith('"') ? (JSON.parse(pattern) as string) : pattern;
}
