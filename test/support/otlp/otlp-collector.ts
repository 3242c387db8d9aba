import http from 'node:http';
import { AddressInfo } from 'node:net';
import zlib from 'node:zlib';

/** One span as a collector received it over OTLP/HTTP (JSON encoding), with its process's `service.name`. */
export interface CollectedSpan {
  service: string;
  traceId: string;
  spanId: string;
  /** Empty for a trace's root span. */
  parentSpanId: string;
  name: string;
  /** OTLP's SpanKind: 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
  kind: number;
  attributes: Record<string, string | number | boolean>;
}

interface OtlpValue {
  stringValue?: string;
  intValue?: string | number;
  doubleValue?: number;
  boolValue?: boolean;
}
interface OtlpAttribute {
  key: string;
  value: OtlpValue;
}
interface OtlpExport {
  resourceSpans?: Array<{
    resource?: { attributes?: OtlpAttribute[] };
    scopeSpans?: Array<{
      spans?: Array<{
        traceId: string;
        spanId: string;
        parentSpanId?: string;
        name: string;
        kind: number;
        attributes?: OtlpAttribute[];
      }>;
    }>;
  }>;
}

/**
 * A stand-in for an OpenTelemetry collector: answers OTLP/HTTP trace exports (`POST /v1/traces`, JSON, gzip or
 * not) as a collector does, and keeps what it received for a test to read, or only counts it (`keep: false`),
 * as a collector that discards would.
 */
export class OtlpCollector {
  readonly spans: CollectedSpan[] = [];
  exports = 0;
  spanCount = 0;

  private constructor(
    private readonly server: http.Server,
    private readonly keep: boolean,
  ) {}

  static async start({ keep = true }: { keep?: boolean } = {}): Promise<OtlpCollector> {
    const server = http.createServer();
    const collector = new OtlpCollector(server, keep);
    server.on('request', (request: http.IncomingMessage, response: http.ServerResponse) =>
      collector.receive(request, response),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return collector;
  }

  /** The value for OTEL_EXPORTER_OTLP_ENDPOINT: exporters append `/v1/traces`. */
  get endpoint(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Every span of one trace. */
  trace(traceId: string): CollectedSpan[] {
    return this.spans.filter((span) => span.traceId === traceId);
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private receive(request: http.IncomingMessage, response: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (request.method !== 'POST' || request.url !== '/v1/traces') {
        response.writeHead(404).end();
        return;
      }
      try {
        const raw = Buffer.concat(chunks);
        const body = request.headers['content-encoding'] === 'gzip' ? zlib.gunzipSync(raw) : raw;
        this.record(JSON.parse(body.toString('utf8')) as OtlpExport);
        response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      } catch {
        response.writeHead(400, { 'content-type': 'application/json' }).end('{}');
      }
    });
  }

  private record(payload: OtlpExport): void {
    this.exports += 1;
    for (const resourceSpans of payload.resourceSpans ?? []) {
      const service = String(valuesOf(resourceSpans.resource?.attributes)['service.name'] ?? 'unknown');
      for (const scope of resourceSpans.scopeSpans ?? []) {
        for (const span of scope.spans ?? []) {
          this.spanCount += 1;
          if (!this.keep) continue;
          this.spans.push({
            service,
            traceId: span.traceId,
            spanId: span.spanId,
            parentSpanId: span.parentSpanId ?? '',
            name: span.name,
            kind: span.kind,
            attributes: valuesOf(span.attributes),
          });
        }
      }
    }
  }
}

function valuesOf(attributes: OtlpAttribute[] = []): Record<string, string | number | boolean> {
  const values: Record<string, string | number | boolean> = {};
  for (const { key, value } of attributes) {
    const scalar = value.stringValue ?? value.boolValue ?? value.doubleValue ?? value.intValue;
    if (scalar !== undefined)
      values[key] = typeof scalar === 'string' && value.intValue ? Number(scalar) : scalar;
  }
  return values;
}
