import { Injectable } from '@nestjs/common';
import { InjectMetric, makeHistogramProvider } from '@willsoto/nestjs-prometheus';
import { Histogram } from 'prom-client';

const HTTP_DURATION = 'http_request_duration_seconds';
const RPC_DURATION = 'rpc_handler_duration_seconds';
const BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

export const metricProviders = [
  makeHistogramProvider({
    name: HTTP_DURATION,
    help: 'HTTP request duration by method, route template and status code',
    labelNames: ['method', 'route', 'status_code'],
    buckets: BUCKETS,
  }),
  makeHistogramProvider({
    name: RPC_DURATION,
    help: 'RPC handler duration by message pattern and outcome (ok or the error code)',
    labelNames: ['pattern', 'outcome'],
    buckets: BUCKETS,
  }),
];

@Injectable()
export class HttpMetrics {
  constructor(@InjectMetric(HTTP_DURATION) private readonly duration: Histogram<string>) {}

  /** `route` is the route template (`/api/v1/products/:id`), never the raw URL: bounded label values. */
  observe(method: string, route: string, statusCode: number, seconds: number): void {
    this.duration.observe({ method, route, status_code: String(statusCode) }, seconds);
  }
}

@Injectable()
export class RpcMetrics {
  constructor(@InjectMetric(RPC_DURATION) private readonly duration: Histogram<string>) {}

  /** Starts timing one handler call; call the result with its outcome. */
  startTimer(pattern: string): (outcome: string) => void {
    const end = this.duration.startTimer({ pattern });
    return (outcome) => {
      end({ outcome });
    };
  }
}
