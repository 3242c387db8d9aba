import { Injectable } from '@nestjs/common';

/**
 * Tracks whether the process is shutting down and how much work is in flight, so readiness can turn 503
 * first and the process can wait for running handlers before closing its connections.
 */
@Injectable()
export class LifecycleService {
  private draining = false;
  private inFlight = 0;
  private idleWaiters: Array<() => void> = [];

  get isShuttingDown(): boolean {
    return this.draining;
  }

  get inFlightCount(): number {
    return this.inFlight;
  }

  beginShutdown(): void {
    this.draining = true;
  }

  /** Wraps one unit of work so shutdown waits for it. */
  enter(): () => void {
    this.inFlight += 1;
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.inFlight -= 1;
      if (this.inFlight === 0) this.idleWaiters.splice(0).forEach((resolve) => resolve());
    };
  }

  /** Resolves true once nothing is in flight, false if `timeoutMs` passes first. */
  whenIdle(timeoutMs: number): Promise<boolean> {
    if (this.inFlight === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      this.idleWaiters.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }
}
