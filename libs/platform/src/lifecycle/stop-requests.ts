const DEFAULT_SHUTDOWN_TIMEOUT_MS = 10_000;
const STOP_SIGNALS: NodeJS.Signals[] = ['SIGTERM', 'SIGINT', 'SIGHUP'];

/** Set by the launcher on the services it starts with an IPC channel (see scripts/src/launcher/app-process.ts). */
export const LAUNCHED_ENV = 'BAZAAR_LAUNCHED';

/**
 * Every way a service process is asked to stop: SIGTERM, SIGINT, SIGHUP, and, when the launcher started it, the
 * launcher going away (its IPC channel closes, however the launcher died). Installed before anything else starts
 * so that a request made during start-up is never lost, and each request has a hard bound: the process ends
 * within `SHUTDOWN_TIMEOUT_MS` of the first request, graceful or not.
 */
export class StopRequests {
  private reason?: string;
  private deadline = 0;
  private listener?: (reason: string) => void;

  private constructor(
    readonly boundMs: number,
    private readonly onTimeout: (reason: string) => void,
  ) {}

  static install(
    env: NodeJS.ProcessEnv,
    hooks: {
      /** The bound passed: the stop is stuck. */
      onTimeout: (reason: string) => void;
      /** The launcher is gone, and with it the reader of this process's output. */
      onLauncherGone?: () => void;
    },
    proc: NodeJS.Process = process,
  ): StopRequests {
    const requests = new StopRequests(shutdownBoundMs(env), hooks.onTimeout);
    for (const signal of STOP_SIGNALS) proc.once(signal, () => requests.request(signal));
    if (env[LAUNCHED_ENV] === '1') {
      const launcherGone = () => {
        hooks.onLauncherGone?.();
        requests.request('launcher gone');
      };
      if (proc.channel && proc.connected) {
        // The channel only watches the launcher: it must not keep a stopping service alive.
        proc.channel.unref();
        proc.once('disconnect', launcherGone);
      } else {
        // The launcher died while this process was still loading: its channel closed before anyone listened.
        launcherGone();
      }
    }
    return requests;
  }

  /** The first request's reason, once a stop was asked for. */
  get requested(): string | undefined {
    return this.reason;
  }

  /** Time left before the hard bound, for the graceful part of the stop. */
  remainingMs(): number {
    return this.reason === undefined ? this.boundMs : Math.max(0, this.deadline - Date.now());
  }

  /** Runs `listener` on the first request (at once if one was already made). */
  onRequest(listener: (reason: string) => void): void {
    this.listener = listener;
    if (this.reason !== undefined) listener(this.reason);
  }

  request(reason: string): void {
    if (this.reason !== undefined) return;
    this.reason = reason;
    this.deadline = Date.now() + this.boundMs;
    // Not unref'd: every graceful path exits explicitly, so this only fires if the stop got stuck.
    setTimeout(() => this.onTimeout(reason), this.boundMs);
    this.listener?.(reason);
  }
}

/**
 * `SHUTDOWN_TIMEOUT_MS` read before the configuration is loaded (a stop can come first); a bad value is reported
 * by the configuration's own validation, the bound meanwhile keeps its default.
 */
export function shutdownBoundMs(env: NodeJS.ProcessEnv): number {
  const value = Number(env.SHUTDOWN_TIMEOUT_MS);
  return Number.isInteger(value) && value >= 100 ? value : DEFAULT_SHUTDOWN_TIMEOUT_MS;
}
