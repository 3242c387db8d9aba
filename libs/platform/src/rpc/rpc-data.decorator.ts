import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { Caller } from '@bazaar/contracts';
import { callerFrom } from '../context/request-context';
import { rpcMetaOf, rpcPayloadOf } from './rpc-meta';

/**
 * The payload of an RPC (the TCP envelope's `data`, or the gRPC request message), validated like a body:
 * `handle(@RpcData() query: ListProductsDto)`. The metadata is consumed by the platform's RPC interceptor.
 */
export const RpcData = createParamDecorator((_: unknown, ctx: ExecutionContext): unknown =>
  rpcPayloadOf(ctx),
);

/**
 * The end user the gateway verified and forwarded with this RPC, or undefined for anonymous calls:
 * `me(@RpcCaller() caller: Caller | undefined)`.
 */
export const RpcCaller = createParamDecorator((_: unknown, ctx: ExecutionContext): Caller | undefined =>
  callerFrom(rpcMetaOf(ctx).caller),
);
