import { randomBytes } from 'node:crypto';

/**
 * A UUIDv7 (RFC 9562) for the given time: 48 bits of milliseconds, then random bits. Notifications take the time
 * of the event that caused them, so listing by id lists by when things happened, whatever order the events were
 * consumed in (deliveries run in parallel and retries come later).
 */
export function timeOrderedId(at: Date): string {
  const bytes = randomBytes(16);
  const ms = BigInt(Math.max(0, at.getTime()));
  for (let i = 0; i < 6; i++) bytes[i] = Number((ms >> BigInt(8 * (5 - i))) & 0xffn);
  bytes[6] = (bytes[6] & 0x0f) | 0x70; // version 7
  bytes[8] = (bytes[8] & 0x3f) | 0x80; // RFC 9562 variant
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
