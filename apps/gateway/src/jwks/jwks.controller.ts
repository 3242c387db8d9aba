import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { JsonWebKeySet } from '@bazaar/contracts';
import { JwksDto } from './jwks.dto';
import { JwksService } from './jwks.service';

@ApiTags('auth')
@Controller('.well-known')
export class JwksController {
  constructor(private readonly keys: JwksService) {}

  @Get('jwks.json')
  @Header('Cache-Control', 'public, max-age=300')
  @ApiOperation({
    summary: 'Public keys of the access tokens (JWKS)',
    description: 'Old keys stay listed until every token they signed has expired.',
  })
  @ApiOkResponse({ type: JwksDto })
  jwks(): Promise<JsonWebKeySet> {
    return this.keys.jwks();
  }
}
