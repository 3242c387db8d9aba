import { DynamicModule, Module, ModuleMetadata, Provider, Type } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { loadConfig, RPC_CREDENTIALS } from '@bazaar/platform';
import { AuthConfig } from './auth.config';
import { IdentityClient } from './identity-client';
import { JWKS_SOURCE, JwksCache, JwksSource } from './jwks-cache';
import { ServiceTokenClient } from './service-token.client';
import { ServiceTokenGuard } from './service-token.guard';
import { TokenVerifier } from './token-verifier';

export interface AuthModuleOptions {
  /** Where public keys come from; identity over RPC unless given (identity passes its own key store). */
  jwksSource?: Type<JwksSource>;
  /** Modules that provide the JWKS source (and whatever it needs). */
  imports?: ModuleMetadata['imports'];
}

/**
 * Token verification for a service: the JWKS cache, the verifier, the service-token guard on every RPC
 * (enforced with `SERVICE_AUTH=required`), and the service-token client its outgoing RPCs use.
 */
@Module({})
export class AuthModule {
  static forService(options: AuthModuleOptions = {}): DynamicModule {
    const providers: Provider[] = [
      { provide: AuthConfig, useFactory: () => loadConfig(AuthConfig) },
      IdentityClient,
      { provide: JWKS_SOURCE, useExisting: options.jwksSource ?? IdentityClient },
      {
        provide: JwksCache,
        useFactory: (source: JwksSource, config: AuthConfig) => new JwksCache(source, config.JWKS_REFRESH_MS),
        inject: [JWKS_SOURCE, AuthConfig],
      },
      {
        provide: TokenVerifier,
        useFactory: (keys: JwksCache, config: AuthConfig) => new TokenVerifier(keys, config.JWT_ISSUER),
        inject: [JwksCache, AuthConfig],
      },
      ServiceTokenClient,
      { provide: RPC_CREDENTIALS, useExisting: ServiceTokenClient },
      { provide: APP_GUARD, useClass: ServiceTokenGuard },
    ];
    return {
      module: AuthModule,
      global: true,
      imports: options.imports ?? [],
      providers,
      exports: [AuthConfig, TokenVerifier, RPC_CREDENTIALS],
    };
  }
}
