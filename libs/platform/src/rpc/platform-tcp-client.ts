import { ClientTCP, IncomingResponse, TcpClientOptions } from '@nestjs/microservices';
import { CoalescingJsonSocket } from './coalescing-json-socket';
import { RpcRequester, RpcTimeoutError } from './rpc-requester';

/** handleResponse's result when it had nothing to wait for; one shared promise instead of one per reply. */
const HANDLED: Promise<void> = Promise.resolve();

interface Reply {
  err?: unknown;
  response?: unknown;
  isDisposed?: boolean;
}

// Overrides Nest internals (routingMap, deserializer): docs/adr/0002-nest-tcp-transport-overrides.md
/**
 * Nest's TCP client (its connection handling, framing, serializer and packet ids) with a promise-returning
 * request next to `send`. `send` builds an rxjs pipeline per call (defer, mergeMap, an Observable, then the
 * caller's timeout and lastValueFrom); a request/response call needs one promise and one timer, and on the
 * gateway's hot path the difference is a measurable share of each request.
 */
export class PlatformTcpClient extends ClientTCP implements RpcRequester {
  constructor(options: Required<TcpClientOptions>['options']) {
    super({ ...options, socketClass: CoalescingJsonSocket });
  }

  /**
   * Routes a reply to its caller. Nest's version is `async` and awaits the deserializer, which for this
   * transport's JSON replies returns a plain object: three promises per reply for nothing.
   */
  override handleResponse(buffer: unknown): Promise<void> {
    const reply = this.deserializer.deserialize(buffer);
    if (reply instanceof Promise) {
      return reply.then((deserialized: IncomingResponse) => this.route(deserialized));
    }
    this.route(reply);
    return HANDLED;
  }

  /** The first reply to `pattern`, or a rejection with the remote's error, a transport error or a timeout. */
  request<TResult>(pattern: string, data: unknown, timeoutMs: number): Promise<TResult> {
    return new Promise<TResult>((resolve, reject) => {
      let dispose: (() => void) | undefined;
      let settled = false;
      const settle = (outcome: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        dispose?.();
        outcome();
      };
      const timer = setTimeout(() => settle(() => reject(new RpcTimeoutError(timeoutMs))), timeoutMs);
      const onReply = ({ err, response, isDisposed }: Reply) => {
        // The remote's error as it sent it (a plain `{ code, message }`): RpcClient turns it into a DomainError.
        // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
        if (err) settle(() => reject(err));
        else if (response !== undefined || !isDisposed) settle(() => resolve(response as TResult));
        // A disposal without a value ends a stream that sent nothing: Nest's `send` completes empty there.
        else settle(() => reject(new Error(`${pattern} answered nothing`)));
      };
      const publish = () => {
        if (!settled) dispose = this.publish({ pattern, data }, onReply);
      };
      // After the first call this is the settled connection promise, so publishing waits one microtask.
      this.connect().then(publish, (error: unknown) =>
        settle(() => reject(error instanceof Error ? error : new Error(String(error)))),
      );
    });
  }

  private route({ id, err, response, isDisposed }: IncomingResponse): void {
    // Nest types its routing map loosely; every entry is a publish callback taking a Reply.
    const callback = this.routingMap.get(id) as ((reply: Reply) => void) | undefined;
    if (!callback) return;
    const reply: Reply = { err: err as unknown, response: response as unknown };
    if (isDisposed || err) reply.isDisposed = true;
    callback(reply);
  }
}
