import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { Caller, ROLES } from '@bazaar/contracts';
import { isUuid } from '../errors/validation';

/** What every log line and outgoing call of one unit of work needs to know about it. */
export interface RequestContextData {
  requestId: string;
  /** The verified end user, once the gateway's auth guard or an RPC envelope named one. */
  caller?: Caller;
}

// One context for every transport, entered by each receiver: docs/adr/0001-logger-and-request-context.md
const storage = new AsyncLocalStorage<RequestContextData>();

/** Accepts ids a client may send without letting it inject control characters or huge values into logs. */
const REQUEST_ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;

export const RequestContext = {
  run<T>(data: RequestContextData, fn: () => T): T {
    return storage.run(data, fn);
  },
  current(): RequestContextData | undefined {
    return storage.getStore();
  },
  requestId(): string | undefined {
    return storage.getStore()?.requestId;
  },
  caller(): Caller | undefined {
    return storage.getStore()?.caller;
  },
  /** Records the verified caller on the current unit of work, so outgoing RPCs forward it. */
  setCaller(caller: Caller): void {
    const store = storage.getStore();
    if (store) store.caller = caller;
  },
  /** The given id when it is well-formed, else a fresh one. */
  acceptOrCreate(candidate: unknown): string {
    return typeof candidate === 'string' && REQUEST_ID_PATTERN.test(candidate) ? candidate : randomUUID();
  },
};

/** A caller as it arrives in an RPC envelope, or undefined when it is missing or malformed. */
export function callerFrom(candidate: unknown): Caller | undefined {
  if (typeof candidate !== 'object' || candidate === null) return undefined;
  const { userId, roles, sessionId } = candidate as {
    userId?: unknown;
    roles?: unknown;
    sessionId?: unknown;
  };
  if (!isUuid(userId) || !Array.isArray(roles)) return undefined;
  const known = roles.filter((role): role is Caller['roles'][number] =>
    (ROLES as readonly unknown[]).includes(role),
  );
  const caller: Caller = { userId, roles: known };
  if (isUuid(sessionId)) caller.sessionId = sessionId;
  return caller;
}
