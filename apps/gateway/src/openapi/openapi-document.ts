import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { BEARER_SCHEME } from '@bazaar/auth';
import { withIdempotencyKey } from './idempotency-key.openapi';
import { withPlatformResponses } from './platform-responses';
import { ProblemDto } from './problem.dto';

/**
 * The public API document, generated from the controllers' decorators (committed as apps/gateway/openapi.json).
 * Paths follow the order the feature modules are imported in, and operation ids are `<ControllerClass>_<method>`:
 * reordering those imports or renaming a controller class or handler changes the document.
 */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Bazaar API')
    .setDescription(
      'The public REST API of the Bazaar e-commerce platform. Errors are RFC 9457 problem details ' +
        '(`application/problem+json`) carrying a `code` and the `requestId` of the call; send `X-Request-Id` to ' +
        'choose it.',
    )
    .setVersion('1.0.0')
    // Relative first: the Swagger UI then calls the gateway that served it, on whatever host and port.
    .addServer('/', 'The gateway serving this document')
    .addServer('http://127.0.0.1:3000', 'The gateway `npm start` runs on this machine')
    .addTag('auth', 'Register, log in, refresh and log out; the public keys of the access tokens')
    .addTag('me', 'The signed-in user')
    .addTag('products', 'Browse and search the catalog; admin routes create, change and delete products')
    .addTag('inventory', 'Stock levels and their audited changes (admin role)')
    .addTag('admin', 'User and role administration (admin role)')
    .addBearerAuth(
      {
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'JWT',
        description:
          'An access token from `POST /api/v1/auth/login`. Routes marked with a lock need it; ' +
          '`x-required-roles` names the roles a route needs.',
      },
      BEARER_SCHEME,
    )
    .build();
  return withPlatformResponses(
    withIdempotencyKey(SwaggerModule.createDocument(app, config, { extraModels: [ProblemDto] })),
  );
}
