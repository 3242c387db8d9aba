import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { InjectMetric, makeCounterProvider } from '@willsoto/nestjs-prometheus';
import type Consul from 'consul';
import { Counter } from 'prom-client';
import {
  ConfigChanges,
  consulClient,
  KvConfigWatch,
  kvConfigKey,
  LiveConfig,
  liveKeysOf,
  ReloadOutcome,
} from '@bazaar/discovery';
import { APP_CONFIG, SERVICE_NAME } from '../platform.tokens';
import { loadConfig } from './load-config';
import { PlatformConfig } from './platform-config';
import { kvConfigSource } from './service-config';

const CONFIG_RELOADS = 'config_reloads_total';
const OUTCOMES: ReloadOutcome[] = ['applied', 'refused', 'restart_needed'];

export const configReloadsCounter = makeCounterProvider({
  name: CONFIG_RELOADS,
  help: 'Config documents read from Consul KV while running, by outcome (applied, refused, restart_needed)',
  labelNames: ['outcome'],
});

/**
 * With `CONSUL_URL` set, follows the service's KV config document while it runs and hands each new one to
 * `LiveConfig`: validated against the app's own config class over the environment, live variables applied in
 * place, the others reported as needing a restart, an invalid document refused.
 */
@Injectable()
export class KvConfigFollower implements OnApplicationBootstrap, OnModuleDestroy {
  private consul?: Consul;
  private watch?: KvConfigWatch;
  /** The environment the config was built from: each KV document is merged over it, as at start. */
  private readonly env: NodeJS.ProcessEnv = { ...process.env };

  constructor(
    @Inject(APP_CONFIG) private readonly config: PlatformConfig,
    @Inject(SERVICE_NAME) private readonly service: string,
    private readonly changes: ConfigChanges,
    @InjectMetric(CONFIG_RELOADS) private readonly reloads: Counter<string>,
  ) {}

  onApplicationBootstrap(): void {
    const { CONSUL_URL: url, CONSUL_TOKEN: token } = this.config;
    if (!url) return;
    // Every outcome shows in /metrics from the start, at zero.
    for (const outcome of OUTCOMES) this.reloads.inc({ outcome }, 0);
    const configClass = this.config.constructor as new () => PlatformConfig;
    const source = kvConfigSource(this.service);
    const live = new LiveConfig({
      config: this.config,
      validate: (values) => loadConfig(configClass, this.env, { values, source }),
      liveKeys: liveKeysOf(configClass),
      changes: this.changes,
      source,
      onOutcome: (outcome) => this.reloads.inc({ outcome }),
    });
    this.consul = consulClient({ url, token });
    this.watch = new KvConfigWatch(this.consul, kvConfigKey(this.service), {
      value: (text) => live.offer(text),
    });
  }

  onModuleDestroy(): void {
    this.watch?.close();
    this.consul?.destroy();
  }
}
