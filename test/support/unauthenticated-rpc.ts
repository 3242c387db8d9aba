import { ClientProxyFactory, Transport } from '@nestjs/microservices';
import { lastValueFrom } from 'rxjs';
import { CATALOG_PATTERNS, RpcErrorBody } from '@bazaar/contracts';

/**
 * Lists products straight on catalog's TCP port with no service token, as a caller inside the network might:
 * resolves with the error body catalog answered, or undefined when it answered the call.
 */
export async function listProductsWithoutToken(
  catalogRpcPort: number,
  requestId: string,
): Promise<RpcErrorBody | undefined> {
  const client = ClientProxyFactory.create({
    transport: Transport.TCP,
    options: { host: '127.0.0.1', port: catalogRpcPort },
  });
  try {
    return await lastValueFrom(
      client.send(CATALOG_PATTERNS.listProducts, { meta: { requestId }, data: {} }),
    ).then(
      () => undefined,
      (error: RpcErrorBody) => error,
    );
  } finally {
    await client.close();
  }
}
