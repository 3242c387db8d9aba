import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { JsonWebKeySet, PublicJwk } from '@bazaar/contracts';

class JwkDto implements PublicJwk {
  [member: string]: unknown;

  @ApiProperty({ example: 'RSA' })
  kty!: string;

  @ApiProperty({ example: '20261124T221437Z-3fa2c1' })
  kid!: string;

  @ApiProperty({ example: 'RS256' })
  alg!: string;

  @ApiProperty({ enum: ['sig'] })
  use!: 'sig';

  @ApiPropertyOptional()
  n?: string;

  @ApiPropertyOptional({ example: 'AQAB' })
  e?: string;
}

export class JwksDto implements JsonWebKeySet {
  @ApiProperty({ type: [JwkDto] })
  keys!: JwkDto[];
}
