import { IsString, MaxLength } from 'class-validator';
import { ServiceTokenRequest } from '@bazaar/contracts';

export class ServiceTokenDto implements ServiceTokenRequest {
  @IsString()
  @MaxLength(64)
  clientId!: string;

  @IsString()
  @MaxLength(256)
  clientSecret!: string;

  @IsString()
  @MaxLength(64)
  audience!: string;
}
