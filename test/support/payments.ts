import {
  PAYMENTS_PATTERNS,
  PaymentView,
  PSP_TEST_CARDS,
  PspFaults,
  PspLedger,
  PspSandboxStats,
  RpcErrorBody,
} from '@bazaar/contracts';
import { bootstrapService, RunningService } from '@bazaar/platform';
import { randomUUID } from 'node:crypto';
import { AppModule as PaymentsModule } from '../../apps/payments/src/app.module';
import { AppModule as PspSandboxModule } from '../../apps/psp-sandbox/src/app.module';
import { BootedService, bootService } from './boot-service';

/** The real psp-sandbox, in-process on a loopback port, driven as its own tests drive it. */
export class Sandbox {
  private constructor(
    private readonly service: RunningService,
    readonly url: string,
  ) {}

  static async start(): Promise<Sandbox> {
    process.env.PSP_SANDBOX_HTTP_PORT = '0';
    process.env.LOG_LEVEL = 'warn';
    process.env.PSP_SANDBOX_HANG_MAX_MS = '5000';
    const service = await bootstrapService(PspSandboxModule, { name: 'psp-sandbox', handleSignals: false });
    delete process.env.PSP_SANDBOX_HTTP_PORT;
    delete process.env.PSP_SANDBOX_HANG_MAX_MS;
    return new Sandbox(service, `http://127.0.0.1:${service.httpPort}`);
  }

  async faults(changes: Partial<PspFaults>): Promise<void> {
    const response = await fetch(`${this.url}/v1/sandbox/faults`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(changes),
    });
    if (response.status !== 200) throw new Error(`faults answered ${response.status}`);
  }

  healthy(): Promise<void> {
    return this.faults({
      failureRate: 0,
      latencyMs: 0,
      latencyJitterMs: 0,
      outage: 'none',
      lostResponseRate: 0,
    });
  }

  async requestsReceived(): Promise<number> {
    const response = await fetch(`${this.url}/v1/sandbox/stats`);
    return ((await response.json()) as PspSandboxStats).requestsReceived;
  }

  /** The ledger's entries for one order (the payment's `reference`). */
  async chargesFor(orderId: string) {
    const ledger = (await (await fetch(`${this.url}/v1/ledger`)).json()) as PspLedger;
    return ledger.entries.filter((entry) => entry.reference === orderId);
  }

  stop(): Promise<void> {
    return this.service.shutdown('test finished');
  }
}

/** The calls a caller (the orders saga) makes, with fresh order ids and step keys. */
export function paymentCalls(
  call: <T>(pattern: string, data: unknown) => Promise<T>,
  failure: (pattern: string, data: unknown) => Promise<RpcErrorBody>,
) {
  const authorizeRequest = (overrides: Record<string, unknown> = {}) => {
    const orderId = `order-${randomUUID()}`;
    return {
      orderId,
      amount: 4_200,
      currency: 'EUR',
      cardToken: PSP_TEST_CARDS.approved,
      idempotencyKey: `${orderId}:authorize`,
      ...overrides,
    };
  };
  return {
    authorizeRequest,
    authorize: (overrides: Record<string, unknown> = {}) =>
      call<PaymentView>(PAYMENTS_PATTERNS.authorize, authorizeRequest(overrides)),
    capture: (paymentId: string, amount?: number, idempotencyKey = `${paymentId}:capture`) =>
      call<PaymentView>(PAYMENTS_PATTERNS.capture, { paymentId, amount, idempotencyKey }),
    void: (paymentId: string, idempotencyKey = `${paymentId}:void`) =>
      call<PaymentView>(PAYMENTS_PATTERNS.void, { paymentId, idempotencyKey }),
    refund: (paymentId: string, amount: number, idempotencyKey = `${paymentId}:refund:${randomUUID()}`) =>
      call<PaymentView>(PAYMENTS_PATTERNS.refund, { paymentId, amount, idempotencyKey }),
    get: (paymentId: string) => call<PaymentView>(PAYMENTS_PATTERNS.get, { paymentId }),
    failure,
  };
}

/** payments booted in-process on its real transport against a fresh sandbox: what the payments suites share. */
export interface PaymentsAgainstSandbox {
  sandbox: Sandbox;
  booted: BootedService;
  api: ReturnType<typeof paymentCalls>;
  close(): Promise<void>;
}

/** `env` adds payments' knobs (the provider policy, the breaker) to its provider URL, the sandbox's. */
export async function bootPaymentsAgainstSandbox(
  env: Record<string, string>,
): Promise<PaymentsAgainstSandbox> {
  const sandbox = await Sandbox.start();
  const booted = await bootService('payments', PaymentsModule, {
    PAYMENTS_PROVIDER_URL: sandbox.url,
    ...env,
  });
  return {
    sandbox,
    booted,
    api: paymentCalls(booted.call.bind(booted), booted.failure.bind(booted)),
    close: async () => {
      await booted.close();
      await sandbox.stop();
    },
  };
}
