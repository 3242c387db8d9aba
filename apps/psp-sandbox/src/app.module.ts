import { Module } from '@nestjs/common';
import { PlatformModule } from '@bazaar/platform';
import { AuthorizationsModule } from './authorizations/authorizations.module';
import { PspSandboxConfig } from './psp-sandbox.config';

@Module({
  imports: [
    PlatformModule.forRoot({
      service: 'psp-sandbox',
      config: PspSandboxConfig,
    }),
    AuthorizationsModule,
  ],
})
export class AppModule {}
