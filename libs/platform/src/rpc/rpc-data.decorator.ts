import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { Caller, RpcEnvelope } from '@bazaar/contracts';
import { callerFrom } from '../context/request-context';

/**
 * The payload of an RPC envelope, validated like a body: `handle(@RpcData() query: ListProductsDto)`.
 * The envelope's metadata is consumed by the platform's RPC interceptor.
 */
export const RpcData = createParamDecorator((_: unknown, ctx: ExecutionContext): unknown => {
  const envelope = ctx.switchToRpc().getData<Partial<RpcEnvelope<unknown>> | undefined>();
  return envelope?.data ?? {};
});

/**
 * The end user the gateway verified and forwarded with this RPC, or undefined for anonymous calls:
 * `me(@RpcCaller() caller: Caller | undefined)`.
 */
export const RpcCaller = createParamDecorator((_: unknown, ctx: ExecutionContext): Caller | undefined => {
  const envelope = ctx.switchToRpc().getData<Partial<RpcEnvelope<unknown>> | undefined>();
  return callerFrom(envelope?.meta?.caller);
});
