import http from 'node:http';
import https from 'node:https';
import type { ServiceCatalog } from './service-catalog';
import type { CheckDefinition, CheckStatus } from './service-definition';

/** Consul keeps at most 4 KB of a check's output. */
const MAX_OUTPUT_BYTES = 4 * 1024;

export interface CheckTimings {
  /** Consul's `check_reap_interval`: how often services critical for too long are looked for (30 s in Consul). */
  checkReapIntervalMs: number;
  /** Consul's `check_deregister_interval_min`: the least DeregisterCriticalServiceAfter it honours (1 min). */
  checkDeregisterIntervalMinMs: number;
}

interface Running {
  definition: CheckDefinition;
  stop: () => void;
}

/**
 * Runs the registered checks as Consul's agent does: an HTTP check first runs after a random pause within its
 * interval, then every interval, with its timeout (2xx passing, 429 warning, anything else or no answer critical);
 * a TTL check turns critical when its TTL passes without an update; a service whose check stays critical longer
 * than its DeregisterCriticalServiceAfter is deregistered by the reaper.
 */
export class HealthChecks {
  private readonly running = new Map<string, Running>();
  private reaper: NodeJS.Timeout | undefined;

  constructor(
    private readonly catalog: ServiceCatalog,
    private readonly timings: CheckTimings,
  ) {}

  start(): void {
    this.reaper ??= setInterval(() => this.reap(), this.timings.checkReapIntervalMs);
    this.sync();
  }

  stop(): void {
    clearInterval(this.reaper);
    this.reaper = undefined;
    for (const check of this.running.values()) check.stop();
    this.running.clear();
  }

  /** Starts the checks registered since the last call, and stops those deregistered or replaced. */
  sync(): void {
    if (!this.reaper) return;
    for (const [checkId, running] of this.running) {
      if (this.catalog.checks.get(checkId)?.definition !== running.definition) {
        running.stop();
        this.running.delete(checkId);
      }
    }
    for (const [checkId, check] of this.catalog.checks) {
      if (this.running.has(checkId)) continue;
      const { definition } = check;
      const stop = definition.kind.type === 'http' ? this.runHttp(definition) : this.runTtl(definition);
      this.running.set(checkId, { definition, stop });
    }
  }

  /** `PUT /v1/agent/check/pass|warn|fail/:id`; the message of Consul's error answer when it refuses. */
  updateTtl(
    checkId: string,
    status: CheckStatus,
    note: string,
  ): { status: number; error: string } | undefined {
    const check = this.catalog.checks.get(checkId);
    if (!check) {
      return {
        status: 404,
        error: `Unknown check ID "${checkId}". Ensure that the check ID is passed, not the check name.`,
      };
    }
    if (check.definition.kind.type !== 'ttl')
      return { status: 500, error: `CheckID "${checkId}" does not have associated TTL` };
    this.catalog.updateCheck(checkId, status, note);
    // An update restarts the TTL: the check turns critical only if the next one does not come in time.
    this.running.get(checkId)?.stop();
    this.running.delete(checkId);
    this.sync();
    return undefined;
  }

  private runTtl(definition: CheckDefinition): () => void {
    if (definition.kind.type !== 'ttl') throw new Error('not a TTL check');
    const timer = setTimeout(() => {
      const last = this.catalog.checks.get(definition.checkId)?.output ?? '';
      this.catalog.updateCheck(
        definition.checkId,
        'critical',
        `TTL expired (last output before timeout follows): ${last}`,
      );
    }, definition.kind.ttlMs);
    return () => clearTimeout(timer);
  }

  private runHttp(definition: CheckDefinition): () => void {
    const kind = definition.kind;
    if (kind.type !== 'http') throw new Error('not an HTTP check');
    let timer: NodeJS.Timeout | undefined;
    let stopped = false;
    const abort = new AbortController();
    const probeAndRepeat = (): void => {
      void probe(kind.url, kind.method, kind.header, kind.timeoutMs, abort.signal).then(
        ({ status, output }) => {
          if (stopped) return;
          this.catalog.updateCheck(definition.checkId, status, output);
          timer = setTimeout(probeAndRepeat, kind.intervalMs);
        },
      );
    };
    timer = setTimeout(probeAndRepeat, Math.random() * kind.intervalMs);
    return () => {
      stopped = true;
      clearTimeout(timer);
      abort.abort();
    };
  }

  private reap(): void {
    const now = Date.now();
    for (const check of [...this.catalog.checks.values()]) {
      const after = check.definition.deregisterCriticalAfterMs;
      if (after === undefined || after <= 0 || check.criticalSince === undefined) continue;
      if (now - check.criticalSince > Math.max(after, this.timings.checkDeregisterIntervalMinMs)) {
        this.catalog.deregister(check.serviceId);
      }
    }
    this.sync();
  }
}

/** One HTTP check run, with its result as Consul words it in the check's Output. */
function probe(
  url: string,
  method: string,
  header: Record<string, string[]>,
  timeoutMs: number,
  stopped: AbortSignal,
): Promise<{ status: CheckStatus; output: string }> {
  const verb = method.charAt(0) + method.slice(1).toLowerCase();
  return new Promise((resolve) => {
    let settled = false;
    const settle = (status: CheckStatus, output: string): void => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      request.destroy();
      resolve({ status, output });
    };
    const client = url.startsWith('https:') ? https : http;
    // No keep-alive (agent: false): a check must never hold the checked server's sockets open between runs.
    const request = client.request(
      url,
      {
        method,
        agent: false,
        signal: stopped,
        headers: {
          'User-Agent': 'Consul Health Check',
          Accept: 'text/plain, text/*, */*',
          ...flatten(header),
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          if (size < MAX_OUTPUT_BYTES) chunks.push(chunk);
          size += chunk.length;
        });
        response.on('end', () => {
          const code = response.statusCode ?? 0;
          const body = Buffer.concat(chunks).subarray(0, MAX_OUTPUT_BYTES).toString();
          const output = `HTTP ${method} ${url}: ${code} ${response.statusMessage ?? ''} Output: ${body}`;
          settle(code >= 200 && code < 300 ? 'passing' : code === 429 ? 'warning' : 'critical', output);
        });
        response.on('error', (error) => settle('critical', `${verb} "${url}": ${error.message}`));
      },
    );
    const deadline = setTimeout(
      () =>
        settle(
          'critical',
          `${verb} "${url}": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`,
        ),
      timeoutMs,
    );
    request.on('error', (error) => settle('critical', `${verb} "${url}": ${error.message}`));
    request.end();
  });
}

function flatten(header: Record<string, string[]>): Record<string, string> {
  return Object.fromEntries(Object.entries(header).map(([name, values]) => [name, values.join(', ')]));
}
