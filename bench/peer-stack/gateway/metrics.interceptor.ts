import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Histogram } from 'prom-client';
import { Observable, finalize } from 'rxjs';

export const REQUEST_DURATION = 'http_request_duration_seconds';

/** Every request timed into a histogram by method, route and status: the usual Prometheus interceptor. */
@Injectable()
export class MetricsInterceptor implements NestInterceptor {
  constructor(@InjectMetric(REQUEST_DURATION) private readonly duration: Histogram<string>) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const end = this.duration.startTimer({ method: request.method, route: request.routeOptions.url ?? '' });
    return next.handle().pipe(finalize(() => end({ status_code: reply.statusCode })));
  }
}
