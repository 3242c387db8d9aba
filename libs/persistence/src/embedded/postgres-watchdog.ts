import { ChildProcess, spawn } from 'node:child_process';

/** How long the watchdog gives PostgreSQL's fast shutdown before its immediate one (SIGQUIT). */
const FAST_SHUTDOWN_TICKS = 50; // × 0.1 s

// `read` returns once the pipe's write end is gone (EOF): this process died, whatever the way.
const SCRIPT = `
read _ignored
kill -INT "$1" 2>/dev/null || exit 0
i=0
while kill -0 "$1" 2>/dev/null; do
  i=$((i + 1))
  if [ "$i" -ge ${FAST_SHUTDOWN_TICKS} ]; then kill -QUIT "$1" 2>/dev/null; exit 0; fi
  sleep 0.1
done
`;

/**
 * PostgreSQL's postmaster does not watch the process that started it: were that process killed (SIGKILL, a crash),
 * the server would keep running and keep its port. The watchdog is a tiny detached `sh` holding the read end of a
 * pipe whose write end only this process holds (Node opens it close-on-exec, so no other child inherits it); when
 * it closes, the watchdog stops the server (fast shutdown, then immediate after 5 s). A few hundred kB, no Node.
 */
export class PostgresWatchdog {
  private constructor(private readonly child: ChildProcess) {}

  static watch(postmasterPid: number): PostgresWatchdog {
    const child = spawn('sh', ['-c', SCRIPT, 'bazaar-postgres-watchdog', String(postmasterPid)], {
      stdio: ['pipe', 'ignore', 'ignore'],
      // Its own process group: a terminal's Ctrl-C must not end it.
      detached: true,
    });
    // Neither the watchdog nor its pipe keeps this process alive.
    child.unref();
    (child.stdin as unknown as { unref?: () => void } | null)?.unref?.();
    child.on('error', () => undefined);
    return new PostgresWatchdog(child);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Before an orderly stop: the watchdog is no longer needed and must not signal a reused pid later. */
  dismiss(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }
}
