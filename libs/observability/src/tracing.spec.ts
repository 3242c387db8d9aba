import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { startTracing, stopTracing, tracingRequested } from './start-tracing';
import { traceCarrierOf } from './trace-carrier';
import { Tracing } from './tracing';

const PARENT = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';

describe('tracing', () => {
  it('is requested by an OTLP endpoint, unless the SDK is switched off', () => {
    expect(tracingRequested({})).toBe(false);
    expect(tracingRequested({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toBe(true);
    expect(tracingRequested({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4318/v1/traces' })).toBe(
      true,
    );
    expect(
      tracingRequested({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_SDK_DISABLED: 'true' }),
    ).toBe(false);
  });

  it('keeps only a well-formed trace context from a message', () => {
    expect(traceCarrierOf({ traceparent: PARENT, tracestate: 'vendor=1' })).toEqual({
      traceparent: PARENT,
      tracestate: 'vendor=1',
    });
    expect(traceCarrierOf({ traceparent: 'not-a-traceparent\n', tracestate: 'vendor=1' })).toEqual({});
    expect(traceCarrierOf({ traceparent: PARENT, tracestate: 'x'.repeat(600) })).toEqual({
      traceparent: PARENT,
    });
    expect(traceCarrierOf(['x'])).toEqual({});
    expect(traceCarrierOf(null)).toEqual({});
  });

  it('does nothing while off: no span, nothing injected', async () => {
    expect(Tracing.enabled).toBe(false);
    expect(Tracing.start('work')).toBeUndefined();
    expect(Tracing.inject({ requestId: 'r' })).toEqual({ requestId: 'r' });
    await expect(Tracing.inSpan('work', {}, (scope) => Promise.resolve(scope))).resolves.toBeUndefined();
    expect(Tracing.activeIds()).toBeUndefined();
  });

  describe('on', () => {
    const exporter = new InMemorySpanExporter();
    beforeAll(() => startTracing({ service: 'test', exporter }));
    afterAll(() => stopTracing());
    beforeEach(() => exporter.reset());

    it('continues the trace a message carried, and hands its own span on to the next hop', () => {
      const scope = Tracing.start('handle', { kind: 'server', parent: { traceparent: PARENT } })!;
      const outgoing = scope.run(() => Tracing.inject<{ traceparent?: string }>({}));
      const ids = scope.run(() => Tracing.activeIds());
      scope.end({ outcome: 'ok', failed: false });

      const [span] = exporter.getFinishedSpans();
      expect(span.kind).toBe(SpanKind.SERVER);
      expect(span.spanContext().traceId).toBe('0af7651916cd43dd8448eb211c80319c');
      expect(span.parentSpanContext?.spanId).toBe('b7ad6b7169203331');
      expect(outgoing.traceparent).toBe(
        `00-0af7651916cd43dd8448eb211c80319c-${span.spanContext().spanId}-01`,
      );
      expect(ids).toEqual({ traceId: span.spanContext().traceId, spanId: span.spanContext().spanId });
    });

    it('starts a new trace for a message that carried none, and nests spans started inside a span', async () => {
      await Tracing.inSpan('outer', { parent: {} }, () =>
        Tracing.inSpan('inner', {}, () => Promise.resolve()),
      );
      const [inner, outer] = exporter.getFinishedSpans();
      expect(outer.parentSpanContext).toBeUndefined();
      expect(inner.parentSpanContext?.spanId).toBe(outer.spanContext().spanId);
    });

    it("marks a span failed for the server's faults only, and records the outcome", async () => {
      const refused = Object.assign(new Error('no such product'), { code: 'PRODUCT_NOT_FOUND' });
      const judge = (error: unknown) => ({
        outcome: (error as { code: string }).code,
        failed: (error as { code: string }).code === 'INTERNAL',
      });
      await expect(
        Tracing.inSpan('refused', { outcomeOfError: judge }, () => Promise.reject(refused)),
      ).rejects.toBe(refused);
      const broken = Object.assign(new Error('bug'), { code: 'INTERNAL' });
      await expect(
        Tracing.inSpan('broken', { outcomeOfError: judge }, () => Promise.reject(broken)),
      ).rejects.toBe(broken);
      const [first, second] = exporter.getFinishedSpans();
      expect(first.status.code).toBe(SpanStatusCode.UNSET);
      expect(first.attributes['bazaar.outcome']).toBe('PRODUCT_NOT_FOUND');
      expect(second.status).toEqual({ code: SpanStatusCode.ERROR, message: 'bug' });
      expect(second.events.map((event) => event.name)).toEqual(['exception']);
    });
  });
});
