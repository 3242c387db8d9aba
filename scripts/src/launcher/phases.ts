/** Where start-up time went: named phases and their durations, shown when start-up is slower than its target. */
export class Phases {
  private readonly done: Array<{ name: string; ms: number }> = [];

  constructor(readonly startedAt: number) {}

  /** Times `work` as phase `name`. */
  async time<T>(name: string, work: () => Promise<T> | T): Promise<T> {
    const t0 = Date.now();
    try {
      return await work();
    } finally {
      this.record(name, Date.now() - t0);
    }
  }

  record(name: string, ms: number): void {
    this.done.push({ name, ms });
  }

  get elapsedMs(): number {
    return Date.now() - this.startedAt;
  }

  /** `setup 0.21 s, ports 0.01 s, ...`; phases that overlapped (services start together) are marked so. */
  describe(): string {
    return this.done.map(({ name, ms }) => `${name} ${(ms / 1000).toFixed(2)} s`).join(', ');
  }
}
