import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { ProblemDto } from './problem.dto';

/** The public API document, generated from the controllers' decorators (committed as apps/gateway/openapi.json). */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Bazaar API')
    .setDescription(
      'The public REST API of the Bazaar e-commerce platform. Errors are RFC 9457 problem details ' +
        '(`application/problem+json`) carrying a `code` and the `requestId` of the call; send `X-Request-Id` to ' +
        'choose it.',
    )
    .setVersion('1.0.0')
    .addTag('products', 'Browse and search the catalog; admin routes create, change and delete products')
    .build();
  return SwaggerModule.createDocument(app, config, { extraModels: [ProblemDto] });
}
