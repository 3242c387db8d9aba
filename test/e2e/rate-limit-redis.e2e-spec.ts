import { randomUUID } from 'node:crypto';
import { ChildProcess } from 'node:child_process';
import { jsonHeaders } from '../support/api';
import { freePort } from '../support/free-port';
import { RunningPlatform, startApp, startPlatform, waitFor } from '../support/platform';
import { describeIf, serverNamedBy } from '../support/skip';

const REDIS_URL = process.env.REDIS_URL;
const redis = serverNamedBy('REDIS_URL', 6379);
const suite = describeIf(redis.ok, redis.missing);

/** Two gateway instances with REDIS_URL share one set of counters: a limit holds across both. */
suite('rate limits shared through Redis (e2e)', () => {
  let platform: RunningPlatform;
  let second: ChildProcess;
  let secondUrl: string;

  beforeAll(async () => {
    platform = await startPlatform({ REDIS_URL });
    const port = await freePort();
    second = startApp('gateway', { ...platform.env, GATEWAY_HTTP_PORT: String(port) });
    secondUrl = `http://127.0.0.1:${port}`;
    await waitFor('the second gateway', async () => (await fetch(`${secondUrl}/health/ready`)).ok, 30_000);
  }, 120_000);

  afterAll(async () => {
    if (second && second.exitCode === null) {
      const exited = new Promise((resolve) => second.once('exit', resolve));
      second.kill('SIGTERM');
      await exited;
    }
    if (platform) await platform.stop();
  }, 60_000);

  it('counts logins for one account across both gateways', async () => {
    const email = `shared-${randomUUID().slice(0, 8)}@example.com`;
    const register = await fetch(`${platform.gatewayUrl}/api/v1/auth/register`, {
      method: 'POST',
      headers: jsonHeaders(),
      body: JSON.stringify({ email, displayName: 'Shared', password: 'a perfectly fine passphrase' }),
    });
    expect(register.status).toBe(201);

    const statuses: number[] = [];
    for (let attempt = 0; attempt < 12; attempt++) {
      const gateway = attempt % 2 === 0 ? platform.gatewayUrl : secondUrl;
      const response = await fetch(`${gateway}/api/v1/auth/login`, {
        method: 'POST',
        headers: jsonHeaders(),
        body: JSON.stringify({ email, password: 'not the password' }),
      });
      statuses.push(response.status);
    }
    // The per-account limit is 10 per window in all: five on each instance, then both refuse.
    expect(statuses).toEqual([...Array<number>(10).fill(401), 429, 429]);
  });
});
