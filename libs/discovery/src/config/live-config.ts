import { Logger } from '@nestjs/common';
import { ConfigChanges } from './config-changes';
import { ConfigChange, diffConfig } from './config-diff';
import { KvConfigValue, parseKvDocument } from './kv-document';

/**
 * Builds the whole config from the environment with `values` merged over it and validates it, as at start-up;
 * throws when a value is invalid or unknown, with one sentence per variable in `problems` when it can.
 */
export type ConfigValidator<T extends object> = (values: Record<string, KvConfigValue>) => T;

export type ReloadOutcome = 'applied' | 'refused' | 'restart_needed';

export type ReloadResult =
  | { outcome: 'refused'; problems: string[] }
  | { outcome: 'unchanged' | 'reloaded'; applied: ConfigChange[]; restartNeeded: ConfigChange[] };

export interface LiveConfigOptions<T extends object> {
  /** The running config object: live variables are written into it. */
  config: T;
  validate: ConfigValidator<T>;
  liveKeys: ReadonlySet<string>;
  changes: ConfigChanges;
  /** Where the document comes from, as log lines name it (the KV key). */
  source: string;
  /** Counts each reload by what came of it (a reload may both apply keys and name keys needing a restart). */
  onOutcome?: (outcome: ReloadOutcome) => void;
}

/** Values of variables that may hold credentials are never logged. */
const SECRET = /TOKEN|SECRET|PASSWORD|CREDENTIAL|PRIVATE|_URL$/;

/** The variable may hold a credential: its value is never logged. */
export function isSecretVariable(name: string): boolean {
  return SECRET.test(name);
}

/**
 * Takes each new KV document of a running service: a document that does not parse, or a config that does not
 * validate, is refused whole with one warning and the running values stay. Otherwise each changed live variable
 * is written into the config object, logged with its old and new value and announced; each changed variable that
 * is read only at start is logged as needing a restart and left as it is.
 */
export class LiveConfig<T extends object> {
  private readonly log = new Logger('Config');

  constructor(private readonly options: LiveConfigOptions<T>) {}

  offer(text: string | null | undefined): ReloadResult {
    const { source } = this.options;
    const document = parseKvDocument(text);
    if (!document.ok) return this.refuse([`${source}: ${document.problem}`]);
    let next: T;
    try {
      next = this.options.validate(document.values);
    } catch (error) {
      const problems = (error as { problems?: unknown }).problems;
      return this.refuse(Array.isArray(problems) ? problems.map(String) : [(error as Error).message]);
    }
    const changes = diffConfig(this.options.config, next, this.options.liveKeys);
    const applied = changes.filter((change) => change.live);
    const restartNeeded = changes.filter((change) => !change.live);
    // Every live value is written before anyone hears of one: a listener reading two related variables (a timeout
    // and its budget) never sees one new and one old.
    for (const change of applied) this.write(change);
    for (const change of applied) this.announce(change);
    for (const change of restartNeeded) {
      this.log.warn({ msg: 'config change needs a restart', source, ...shown(change) });
    }
    if (applied.length) this.options.onOutcome?.('applied');
    if (restartNeeded.length) this.options.onOutcome?.('restart_needed');
    return { outcome: changes.length ? 'reloaded' : 'unchanged', applied, restartNeeded };
  }

  private write(change: ConfigChange): void {
    (this.options.config as Record<string, unknown>)[change.key] = change.newValue;
    this.log.log({ msg: 'config changed', source: this.options.source, ...shown(change) });
  }

  private announce(change: ConfigChange): void {
    for (const error of this.options.changes.emit(change)) {
      this.log.error({ msg: 'a config change listener failed', key: change.key, err: error });
    }
  }

  private refuse(problems: string[]): ReloadResult {
    this.log.warn({
      msg: `config refused, running values kept: ${problems.join('; ')}`,
      source: this.options.source,
      problems,
    });
    this.options.onOutcome?.('refused');
    return { outcome: 'refused', problems };
  }
}

function shown(change: ConfigChange): { key: string; old: unknown; new: unknown } {
  const secret = SECRET.test(change.key);
  return {
    key: change.key,
    old: secret ? '[redacted]' : change.oldValue,
    new: secret ? '[redacted]' : change.newValue,
  };
}
