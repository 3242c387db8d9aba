import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { IDENTITY_PATTERNS, JsonWebKeySet } from '@bazaar/contracts';
import { InjectRpcClient, RpcClient } from '@bazaar/platform';
import { ApiProblems } from '../openapi/problem.dto';
import { JwksDto } from './auth.dto';

@ApiTags('auth')
@Controller('.well-known')
export class JwksController {
  constructor(@InjectRpcClient('identity') private readonly identity: RpcClient) {}

  @Get('jwks.json')
  @Header('Cache-Control', 'public, max-age=300')
  @ApiOperation({
    summary: 'Public keys of the access tokens (JWKS)',
    description: 'Old keys stay listed until every token they signed has expired.',
  })
  @ApiOkResponse({ type: JwksDto })
  @ApiProblems()
  jwks(): Promise<JsonWebKeySet> {
    return this.identity.send(IDENTITY_PATTERNS.jwks, {}, { anonymous: true });
  }
}
