import {
  IncomingRequest,
  ServerTCP,
  TcpContext,
  TcpOptions,
  TcpSocket,
  WritePacket,
} from '@nestjs/microservices';
import { NO_MESSAGE_HANDLER } from '@nestjs/microservices/constants';
import { RpcEnvelope } from '@bazaar/contracts';
import { Tracing } from '@bazaar/observability';
import { callerFrom, RequestContext, RequestContextData } from '../context/request-context';
import { outcomeOfError, RpcWork } from './rpc-work';
import { startRpcServerSpan } from './rpc-span';

// Re-implements ServerTCP.handleMessage: docs/adr/0002-nest-tcp-transport-overrides.md
/**
 * Nest's TCP server, with the platform's per-RPC work done by the transport instead of an interceptor: the
 * message runs in the caller's request context (so logs carry its request ID) and is counted, timed and logged
 * by `RpcWork`. Nest's interceptor chain costs two `AsyncResource.bind` calls and a few observables per message,
 * about a third of a small RPC's CPU; here the same work is a function call around the handler.
 */
export class PlatformTcpServer extends ServerTCP {
  constructor(
    options: NonNullable<TcpOptions['options']>,
    private readonly work: RpcWork,
  ) {
    super(options);
  }

  override async handleMessage(socket: TcpSocket, rawMessage: unknown): Promise<void> {
    const packet = (await this.deserializer.deserialize(rawMessage)) as IncomingRequest;
    const pattern = this.getPatternAsString(packet.pattern);
    const tcpContext = new TcpContext([socket, pattern]);
    if (packet.id === undefined) {
      await this.handleEvent(pattern, packet, tcpContext);
      return;
    }

    const handler = this.getHandlerByPattern(pattern);
    if (!handler) {
      socket.sendMessage(
        this.serializer.serialize({ id: packet.id, status: 'error', err: NO_MESSAGE_HANDLER }),
      );
      return;
    }
    const context = requestContextOf(packet.data);
    const meta = (packet.data as Partial<RpcEnvelope<unknown>> | undefined)?.meta;
    const span = startRpcServerSpan(pattern, 'nest-tcp', meta, context.requestId);
    const finish = this.work.begin(pattern, context, span);
    const respond = (data: WritePacket) => {
      if (data.isDisposed || data.err !== undefined) finish(outcomeOf(data));
      socket.sendMessage(this.serializer.serialize({ ...data, id: packet.id }));
    };
    return Tracing.within(span, () =>
      RequestContext.run(context, async () => {
        try {
          this.send(this.transformToObservable(await handler(packet.data, tcpContext)), respond);
        } catch (error) {
          finish('INTERNAL');
          throw error;
        }
      }),
    );
  }

  /**
   * Nest first tries `JSON.parse` on every incoming pattern (for object patterns); for a dotted string the
   * SyntaxError it throws and catches costs about 5% of a small RPC. Object patterns still take Nest's path.
   */
  protected override getRouteFromPattern(pattern: string): string {
    const first = pattern.charCodeAt(0);
    const mayBeJson = first === 0x7b /* { */ || first === 0x5b /* [ */ || first === 0x22; /* " */
    return mayBeJson ? super.getRouteFromPattern(pattern) : this.normalizePattern(pattern);
  }
}

function requestContextOf(data: unknown): RequestContextData {
  const meta = (data as Partial<RpcEnvelope<unknown>> | undefined)?.meta;
  const context: RequestContextData = { requestId: RequestContext.acceptOrCreate(meta?.requestId) };
  const caller = callerFrom(meta?.caller);
  if (caller) context.caller = caller;
  return context;
}

/** The error code the platform's exception filter put in the reply, or `ok`. */
function outcomeOf(data: WritePacket): string {
  return data.err === undefined ? 'ok' : outcomeOfError(data.err);
}
