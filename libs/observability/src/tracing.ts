import {
  Attributes,
  context,
  Context,
  propagation,
  ROOT_CONTEXT,
  Span,
  SpanKind,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';
import { TraceCarrier } from './trace-carrier';

/** The instrumentation scope of every span the platform starts. */
export const TRACER_NAME = 'bazaar';

export type SpanKindName = 'server' | 'client' | 'producer' | 'consumer' | 'internal';

const KINDS: Record<SpanKindName, SpanKind> = {
  server: SpanKind.SERVER,
  client: SpanKind.CLIENT,
  producer: SpanKind.PRODUCER,
  consumer: SpanKind.CONSUMER,
  internal: SpanKind.INTERNAL,
};

export interface StartSpanOptions {
  kind?: SpanKindName;
  attributes?: Attributes;
  /**
   * The remote parent as it arrived on a message or request. Given (even empty), the span continues that trace or
   * starts a new one; omitted, the span is a child of the active one.
   */
  parent?: TraceCarrier;
}

export interface InSpanOptions extends StartSpanOptions {
  /** How a rejection ends the span; default: failed. A refusal the caller expects is not the server's fault. */
  outcomeOfError?: (error: unknown) => SpanOutcome;
}

/** How a unit of work ended: its outcome code (`ok` or an error code) and whether it is the server's fault. */
export interface SpanOutcome {
  outcome: string;
  failed: boolean;
}

/** One span, and the context its children run in. Ending it twice does nothing. */
export class TraceScope {
  private ended = false;

  constructor(
    readonly span: Span,
    private readonly spanContext: Context,
  ) {}

  /** Runs `fn` with this span active: spans started and calls sent inside it are its children. */
  run<T>(fn: () => T): T {
    return context.with(this.spanContext, fn);
  }

  /** Ends the span; with an outcome, records it and marks the span failed when it is the server's fault. */
  end(result?: SpanOutcome): void {
    if (this.ended) return;
    this.ended = true;
    if (result) {
      this.span.setAttribute('bazaar.outcome', result.outcome);
      if (result.failed) this.span.setStatus({ code: SpanStatusCode.ERROR, message: result.outcome });
    }
    this.span.end();
  }

  /** Ends the span as failed, recording the error (and its outcome code). */
  fail(error: unknown, outcome?: string): void {
    if (this.ended) return;
    if (error instanceof Error) this.span.recordException(error);
    if (outcome) this.span.setAttribute('bazaar.outcome', outcome);
    this.span.setStatus({
      code: SpanStatusCode.ERROR,
      message: error instanceof Error ? error.message : String(error),
    });
    this.end();
  }
}

let enabled = false;

/**
 * The platform's tracing, on top of the OpenTelemetry API. Off (every method a no-op costing one check) until
 * `startTracing` registers a provider; the transports call it at their seams: `start` where work arrives (with the
 * carrier it came with), `inject` where a message leaves, `inSpan` around a step of work.
 */
export const Tracing = {
  get enabled(): boolean {
    return enabled;
  },

  /** Set by `startTracing` and `stopTracing` only. */
  setEnabled(on: boolean): void {
    enabled = on;
  },

  start(name: string, options: StartSpanOptions = {}): TraceScope | undefined {
    if (!enabled) return undefined;
    const parent = options.parent ? propagation.extract(ROOT_CONTEXT, options.parent) : context.active();
    const span = trace
      .getTracer(TRACER_NAME)
      .startSpan(name, { kind: KINDS[options.kind ?? 'internal'], attributes: options.attributes }, parent);
    return new TraceScope(span, trace.setSpan(parent, span));
  },

  /** `fn()` inside the scope when there is one, as is otherwise. */
  within<T>(scope: TraceScope | undefined, fn: () => T): T {
    return scope ? scope.run(fn) : fn();
  },

  /**
   * Runs `fn` in a new span (a child of the active one unless `parent` is given), ended when its promise settles:
   * failed when it rejects, unless `outcomeOfError` says the rejection is a refusal the caller expects.
   */
  inSpan<T>(
    name: string,
    options: InSpanOptions,
    fn: (scope: TraceScope | undefined) => Promise<T>,
  ): Promise<T> {
    const scope = this.start(name, options);
    if (!scope) return fn(undefined);
    return scope
      .run(() => fn(scope))
      .then(
        (value) => {
          scope.end();
          return value;
        },
        (error: unknown) => {
          const result = options.outcomeOfError?.(error);
          if (!result || result.failed) scope.fail(error, result?.outcome);
          else scope.end(result);
          throw error;
        },
      );
  },

  /** Writes the active span's `traceparent` (and `tracestate`) into `carrier`; nothing when tracing is off. */
  inject<C extends object>(carrier: C): C {
    if (enabled) propagation.inject(context.active(), carrier);
    return carrier;
  },

  /** The active span's IDs, for log lines; undefined outside a span or when tracing is off. */
  activeIds(): { traceId: string; spanId: string } | undefined {
    if (!enabled) return undefined;
    const span = trace.getSpan(context.active());
    if (!span) return undefined;
    const { traceId, spanId } = span.spanContext();
    return { traceId, spanId };
  },
};
