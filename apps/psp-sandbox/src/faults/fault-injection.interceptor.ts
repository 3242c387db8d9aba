import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { from, Observable, switchMap } from 'rxjs';
import { Faults } from './faults';
import { SimulatedFailure } from './simulated-failure';

/**
 * Applies the fault knobs to the API's routes, in the order a failing processor shows them: an outage before
 * anything (the connection dropped, or no answer), then the added latency, then a 500 before any work; and after
 * a successful write, a lost answer (the work is done, the caller never hears of it).
 */
@Injectable()
export class FaultInjection implements NestInterceptor {
  constructor(private readonly faults: Faults) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    this.faults.countRequest();
    const faults = this.faults.now;
    if (faults.outage === 'reset') {
      request.raw.socket.destroy();
      return never();
    }
    if (faults.outage === 'hang') return this.hang(request);
    const delay = faults.latencyMs + Math.round(Math.random() * faults.latencyJitterMs);
    return from(sleep(delay)).pipe(
      switchMap(() => {
        if (Math.random() < faults.failureRate) throw new SimulatedFailure('failure rate');
        return next.handle();
      }),
      switchMap((answer: unknown) => {
        const write = request.method !== 'GET';
        if (write && Math.random() < this.faults.now.lostResponseRate) {
          void reply.header('connection', 'close');
          return this.hang(request);
        }
        return [answer];
      }),
    );
  }

  /** No answer; the connection is dropped after PSP_SANDBOX_HANG_MAX_MS, or when the caller gives up first. */
  private hang(request: FastifyRequest): Observable<never> {
    const timer = setTimeout(() => request.raw.socket.destroy(), this.faults.config.PSP_SANDBOX_HANG_MAX_MS);
    timer.unref();
    request.raw.socket.once('close', () => clearTimeout(timer));
    return never();
  }
}

const never = () => new Observable<never>(() => undefined);
const sleep = (ms: number) => new Promise<void>((resolve) => (ms > 0 ? setTimeout(resolve, ms) : resolve()));
