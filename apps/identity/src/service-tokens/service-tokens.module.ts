import { Module } from '@nestjs/common';
import { TokensModule } from '../tokens/tokens.module';
import { ServiceTokensController } from './service-tokens.controller';
import { ServiceTokensService } from './service-tokens.service';

@Module({
  imports: [TokensModule],
  controllers: [ServiceTokensController],
  providers: [ServiceTokensService],
})
export class ServiceTokensModule {}
