import { timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { freePort } from '../free-port';
import { BlockingIndex } from './blocking-index';
import { handle, type ApiResponse, type ConsulState } from './consul-api';
import { HealthChecks } from './health-checks';
import { KvStore } from './kv-store';
import { ServiceCatalog } from './service-catalog';

export interface ConsulTestServerOptions {
  /**
   * With a token, the server acts as Consul with ACLs on and `default_policy = deny`: only requests carrying this
   * token (`X-Consul-Token`, `Authorization: Bearer`, or `?token=`) may write or read; see ConsulApi for the rest.
   */
  requiredToken?: string;
  /** Consul raises shorter check intervals to 1 s; tests may lower the floor to see checks react faster. */
  minCheckIntervalMs?: number;
  /** Consul's reaper of critical services runs every 30 s (`check_reap_interval`). */
  checkReapIntervalMs?: number;
  /** Consul honours no DeregisterCriticalServiceAfter under 1 min (`check_deregister_interval_min`). */
  checkDeregisterIntervalMinMs?: number;
}

/**
 * A Consul agent's HTTP API for tests, faithful to the parts Bazaar uses (service registration with HTTP and TTL
 * checks, health queries, KV, blocking queries, ACL tokens), over real HTTP on loopback for the real `consul` client.
 * `stop()` and `restart()` play "Consul lost, then back" on the same port; the registrations and KV survive, as
 * they do on a Consul server that restarts with its data.
 */
export class ConsulTestServer {
  private server: http.Server | undefined;
  private readonly sockets = new Set<Socket>();
  private stopping = new AbortController();
  private readonly state: ConsulState;

  private constructor(
    readonly port: number,
    private readonly options: ConsulTestServerOptions,
  ) {
    const raft = new BlockingIndex();
    const catalog = new ServiceCatalog(raft);
    this.state = {
      raft,
      catalog,
      kv: new KvStore(raft),
      checks: new HealthChecks(catalog, {
        checkReapIntervalMs: options.checkReapIntervalMs ?? 30_000,
        checkDeregisterIntervalMinMs: options.checkDeregisterIntervalMinMs ?? 60_000,
      }),
      limits: { minCheckIntervalMs: options.minCheckIntervalMs ?? 1000 },
    };
  }

  static async start(options: ConsulTestServerOptions = {}): Promise<ConsulTestServer> {
    const server = new ConsulTestServer(await freePort(), options);
    await server.restart();
    return server;
  }

  /** `http://127.0.0.1:<port>`, as `CONSUL_URL` takes it. */
  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The services registered right now, by ID (what `consul catalog services` would list), for assertions. */
  get serviceIds(): string[] {
    return [...this.state.catalog.services.keys()];
  }

  /** Consul goes away: the port stops answering, open connections (blocking queries too) are cut, checks stop. */
  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    this.state.checks.stop();
    this.stopping.abort();
    this.state.raft.releaseAll();
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Consul comes back on the same port with the same state, and its checks run again. */
  async restart(): Promise<void> {
    if (this.server) return;
    this.stopping = new AbortController();
    const server = http.createServer((request, response) => void this.serve(request, response));
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ port: this.port, host: '127.0.0.1', exclusive: true }, () => resolve());
    });
    (this as { port: number }).port = (server.address() as AddressInfo).port;
    this.server = server;
    this.state.checks.start();
  }

  /** Stops for good: every timer (checks, reaper, blocking queries) and every connection. */
  async close(): Promise<void> {
    await this.stop();
  }

  private async serve(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    let answer: ApiResponse;
    try {
      answer = await this.answer(request, response);
    } catch (error) {
      // A malformed request (a bad percent-encoding, a body cut off): answered, never a crash of the test run.
      answer = { status: 500, body: (error as Error).message, contentType: 'text/plain; charset=utf-8' };
    }
    if (response.destroyed) return;
    response.writeHead(answer.status, { 'Content-Type': answer.contentType, ...answer.headers });
    response.end(answer.body);
  }

  private async answer(request: http.IncomingMessage, response: http.ServerResponse): Promise<ApiResponse> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const url = new URL(request.url ?? '/', 'http://consul');
    const access = this.access(request, url.searchParams);
    if (access === 'unknown token' && url.pathname !== '/v1/status/leader') {
      return { status: 403, body: 'ACL not found', contentType: 'text/plain; charset=utf-8' };
    }
    return handle(this.state, {
      method: request.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      body: Buffer.concat(chunks),
      access: access === 'allowed' ? 'allowed' : 'anonymous',
      released: AbortSignal.any([this.stopping.signal, closedSignal(response)]),
    });
  }

  private access(
    request: http.IncomingMessage,
    query: URLSearchParams,
  ): 'allowed' | 'anonymous' | 'unknown token' {
    const { requiredToken } = this.options;
    if (requiredToken === undefined) return 'allowed';
    const bearer = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    const token = request.headers['x-consul-token'] ?? bearer ?? query.get('token') ?? '';
    if (token.length === 0) return 'anonymous';
    return sameSecret(String(token), requiredToken) ? 'allowed' : 'unknown token';
  }
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Aborts when the client hangs up before its answer (a blocking query it gave up on). */
function closedSignal(response: http.ServerResponse): AbortSignal {
  const controller = new AbortController();
  response.on('close', () => controller.abort());
  return controller.signal;
}
