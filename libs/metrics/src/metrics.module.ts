import { DynamicModule, Module } from '@nestjs/common';
import { PrometheusModule } from '@willsoto/nestjs-prometheus';
import { register } from 'prom-client';
import { HttpMetrics, metricProviders, RpcMetrics } from './metrics';
import { MetricsController } from './metrics.controller';

/** `/metrics` in Prometheus text format: default process metrics plus the platform's histograms. */
@Module({})
export class MetricsModule {
  static forService(service: string): DynamicModule {
    return {
      module: MetricsModule,
      global: true,
      imports: [
        PrometheusModule.register({
          path: '/metrics',
          controller: MetricsController,
          defaultLabels: { service },
          // Once per process: tests boot several services side by side, and the registry refuses duplicates.
          defaultMetrics: { enabled: !register.getSingleMetric('process_cpu_user_seconds_total') },
        }),
      ],
      providers: [...metricProviders, HttpMetrics, RpcMetrics],
      exports: [HttpMetrics, RpcMetrics],
    };
  }
}
