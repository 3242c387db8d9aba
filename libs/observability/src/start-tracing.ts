import { context, propagation, trace } from '@opentelemetry/api';
import type * as OtlpHttp from '@opentelemetry/exporter-trace-otlp-http';
import type * as Resources from '@opentelemetry/resources';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import type * as TraceBase from '@opentelemetry/sdk-trace-base';
import type * as TraceNode from '@opentelemetry/sdk-trace-node';
import { Tracing } from './tracing';

export interface TracingOptions {
  /** `service.name` on every span of this process. */
  service: string;
  version?: string;
  /** `service.instance.id`: tells instances of one service apart. */
  instanceId?: string;
  /**
   * Where spans go. Default: OTLP over HTTP to `OTEL_EXPORTER_OTLP_(TRACES_)ENDPOINT`, in batches (the exporter
   * reads the standard `OTEL_EXPORTER_OTLP_*` variables: headers, timeout, compression). Tests pass an in-memory one.
   */
  exporter?: SpanExporter;
}

/** Tracing is on when an OTLP endpoint is configured, unless the SDK is switched off the standard way. */
export function tracingRequested(env: NodeJS.ProcessEnv = process.env): boolean {
  const endpoint = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || env.OTEL_EXPORTER_OTLP_ENDPOINT;
  return Boolean(endpoint) && env.OTEL_SDK_DISABLED !== 'true';
}

let provider: TraceNode.NodeTracerProvider | undefined;

/* eslint-disable @typescript-eslint/no-require-imports -- the SDK is loaded only by a process that traces */
/**
 * Registers the tracer provider of this process: W3C trace context propagation, the AsyncLocalStorage context
 * manager, spans exported in batches (or as they end, to an exporter passed in). Once per process: services
 * booted side by side in one test process share the first one.
 */
export function startTracing(options: TracingOptions): void {
  if (provider) return;
  const { NodeTracerProvider } = require('@opentelemetry/sdk-trace-node') as typeof TraceNode;
  const { BatchSpanProcessor, SimpleSpanProcessor } =
    require('@opentelemetry/sdk-trace-base') as typeof TraceBase;
  const { resourceFromAttributes } = require('@opentelemetry/resources') as typeof Resources;
  const processor = options.exporter
    ? new SimpleSpanProcessor(options.exporter)
    : new BatchSpanProcessor(
        new (require('@opentelemetry/exporter-trace-otlp-http') as typeof OtlpHttp).OTLPTraceExporter(),
      );
  provider = new NodeTracerProvider({
    resource: resourceFromAttributes({
      'service.name': options.service,
      'service.namespace': 'bazaar',
      ...(options.version ? { 'service.version': options.version } : {}),
      ...(options.instanceId ? { 'service.instance.id': options.instanceId } : {}),
    }),
    spanProcessors: [processor],
  });
  provider.register();
  Tracing.setEnabled(true);
}
/* eslint-enable @typescript-eslint/no-require-imports */

/** Exports the spans still buffered and unregisters the provider; the last step of a graceful stop. */
export async function stopTracing(): Promise<void> {
  const stopping = provider;
  if (!stopping) return;
  provider = undefined;
  Tracing.setEnabled(false);
  try {
    await stopping.shutdown();
  } finally {
    trace.disable();
    context.disable();
    propagation.disable();
  }
}
