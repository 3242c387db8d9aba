import { Logger } from '@nestjs/common';
import { createHash, generateKeyPairSync, randomUUID } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { AuthConfig, JwksCache, TokenVerifier } from '@bazaar/auth';
import { ServiceTokenRequest } from '@bazaar/contracts';
import { DatabaseConnection } from '@bazaar/persistence';
import { IdentityConfig } from '../identity.config';
import { KeysService } from '../keys/keys.service';
import { TokenIssuer } from '../tokens/token-issuer';
import { ServiceTokensService } from './service-tokens.service';

const GATEWAY_SECRET = 'unit-gateway-secret-0123456789abcdef';
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** The dealer with a real signing key (given as PEM, so nothing is written to disk) and a real verifier. */
describe('the service-token dealer', () => {
  let keys: KeysService;
  let dealer: ServiceTokensService;
  let verifier: TokenVerifier;

  beforeAll(() => {
    // Refusals are logged for security review; here they are provoked on purpose.
    Logger.overrideLogger(false);
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const config = Object.assign(new IdentityConfig(), {
      JWT_KEYS_DIR: path.join(os.tmpdir(), `bazaar-no-keys-${randomUUID()}`),
      JWT_PRIVATE_KEY_PEM: privateKey.export({ format: 'pem', type: 'pkcs8' }) as string,
      SERVICE_CLIENTS: `gateway:${sha256(GATEWAY_SECRET)},catalog:${sha256('catalog-secret-0123456789abcdef')}`,
    });
    const auth = new AuthConfig();
    keys = new KeysService(config, { profile: 'external' } as DatabaseConnection);
    keys.onModuleInit();
    dealer = new ServiceTokensService(config, new TokenIssuer(keys, config, auth));
    verifier = new TokenVerifier(new JwksCache(keys, 600_000), auth.JWT_ISSUER);
  });

  afterAll(() => keys.onModuleDestroy());

  it('gives a registered client a token for the one service it names', async () => {
    const reply = dealer.issue({ clientId: 'gateway', clientSecret: GATEWAY_SECRET, audience: 'inventory' });
    expect(reply.expiresIn).toBe(300);
    await expect(
      verifier.verify(reply.accessToken, { audience: 'inventory', typ: 'service' }),
    ).resolves.toMatchObject({ sub: 'gateway', aud: 'inventory', typ: 'service' });
    await expect(verifier.verify(reply.accessToken, { audience: 'catalog', typ: 'service' })).rejects.toThrow(
      'the token is for another audience',
    );
  });

  it.each<[string, ServiceTokenRequest]>([
    [
      'a wrong secret',
      { clientId: 'gateway', clientSecret: 'catalog-secret-0123456789abcdef', audience: 'catalog' },
    ],
    ['an unknown client', { clientId: 'intruder', clientSecret: GATEWAY_SECRET, audience: 'catalog' }],
    ['an unknown audience', { clientId: 'gateway', clientSecret: GATEWAY_SECRET, audience: 'mainframe' }],
    [
      'an inherited property as audience',
      { clientId: 'gateway', clientSecret: GATEWAY_SECRET, audience: 'toString' },
    ],
    [
      'a token for the client itself',
      { clientId: 'gateway', clientSecret: GATEWAY_SECRET, audience: 'gateway' },
    ],
  ])('refuses %s', (_, request) => {
    let refusal: unknown;
    try {
      dealer.issue(request);
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toMatchObject({ code: 'SERVICE_TOKEN_INVALID' });
  });
});
