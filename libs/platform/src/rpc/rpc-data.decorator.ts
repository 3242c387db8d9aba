import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { RpcEnvelope } from '@bazaar/contracts';

/**
 * The payload of an RPC envelope, validated like a body: `handle(@RpcData() query: ListProductsDto)`.
 * The envelope's metadata is consumed by the platform's RPC interceptor.
 */
export const RpcData = createParamDecorator((_: unknown, ctx: ExecutionContext): unknown => {
  const envelope = ctx.switchToRpc().getData<Partial<RpcEnvelope<unknown>> | undefined>();
  return envelope?.data ?? {};
});
