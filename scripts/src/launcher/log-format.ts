const COLORS = [36, 35, 33, 32, 34, 31, 96, 95];
const LEVEL_COLORS: Record<string, number> = {
  fatal: 31,
  error: 31,
  warn: 33,
  info: 32,
  debug: 90,
  trace: 90,
};
const HIDDEN_FIELDS = new Set(['level', 'time', 'msg', 'service', 'pid', 'context', 'hostname']);

export function colorFor(index: number, useColor: boolean): (text: string) => string {
  const code = COLORS[index % COLORS.length];
  return (text) => (useColor ? `\x1b[${code}m${text}\x1b[0m` : text);
}

/**
 * Services log JSON (for machines); on a terminal the launcher shows each line as
 * `time LEVEL [context] message key=value...`. `BAZAAR_LOG_FORMAT=json` keeps the raw lines.
 */
export function formatLine(line: string, pretty: boolean, useColor: boolean): string {
  if (!pretty || !line.startsWith('{')) return line;
  let record: Record<string, unknown>;
  try {
    record = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line;
  }
  const time = typeof record.time === 'string' ? record.time.slice(11, 23) : '';
  const level = text(record.level ?? 'info');
  const levelText = level.toUpperCase().padEnd(5);
  const shownLevel = useColor ? `\x1b[${LEVEL_COLORS[level] ?? 0}m${levelText}\x1b[0m` : levelText;
  const context = record.context ? `[${text(record.context)}] ` : '';
  const extras = Object.entries(record)
    .filter(([key]) => !HIDDEN_FIELDS.has(key))
    .map(([key, value]) => `${key}=${text(value)}`)
    .join(' ');
  return `${time} ${shownLevel} ${context}${text(record.msg ?? '')}${extras ? ` ${extras}` : ''}`;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}
