import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { LAUNCHED_ENV } from '../../../libs/platform/src/lifecycle/stop-requests';
import { formatLine } from './log-format';
import { SERVICE_NODE_FLAGS } from './service-node-flags';

export interface AppProcessOptions {
  name: string;
  env: NodeJS.ProcessEnv;
  prefix: string;
  pretty: boolean;
  useColor: boolean;
}

const STOP_TIMEOUT_MS = 20_000;

/** `nest build <app>` output; `nest start <app>` runs the same file. */
export function entryOf(app: string): string {
  return path.resolve('dist', 'apps', app, 'apps', app, 'src', 'main.js');
}

/** One service as its own Node process, its output prefixed with its name. */
export class AppProcess {
  private child?: ChildProcess;
  private exit?: Promise<number | null>;
  onUnexpectedExit?: (code: number | null, signal: NodeJS.Signals | null) => void;
  private stopping = false;

  constructor(private readonly options: AppProcessOptions) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** A stop was asked for: a process not started yet must not start any more. */
  get stopRequested(): boolean {
    return this.stopping;
  }

  start(): void {
    if (this.stopping) return;
    const entry = entryOf(this.options.name);
    if (!fs.existsSync(entry)) throw new Error(`${entry} is missing: run \`npm run build\` first.`);
    const child = spawn(process.execPath, [...SERVICE_NODE_FLAGS, entry], {
      env: { ...this.options.env, [LAUNCHED_ENV]: '1' },
      // The IPC channel is how the service notices this launcher is gone, however it died: it closes, and the
      // service stops itself (libs/platform StopRequests).
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      // Its own process group: Ctrl-C reaches the launcher only, which stops the apps in order, then the database.
      detached: true,
    });
    this.child = child;
    for (const stream of [child.stdout, child.stderr]) {
      if (!stream) continue;
      readline.createInterface({ input: stream }).on('line', (line) => {
        process.stdout.write(
          `${this.options.prefix} ${formatLine(line, this.options.pretty, this.options.useColor)}\n`,
        );
      });
    }
    this.exit = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        if (!this.stopping) this.onUnexpectedExit?.(code, signal);
        resolve(code);
      });
    });
  }

  /** SIGTERM (the service drains and exits), then SIGKILL if it has not exited in time. */
  async stop(): Promise<void> {
    this.stopping = true;
    if (!this.child || !this.running) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child?.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await this.exit;
    clearTimeout(timer);
  }
}
