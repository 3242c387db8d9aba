/** One answer a load loop got. */
export interface LoadAnswer {
  status: number;
  /** When it came back (Date.now()). */
  at: number;
  contentType: string | null;
  /** The `code` of a problem+json body; undefined for a success. */
  code?: string;
  /** The problem's `detail` (e.g. "did not answer in time" or "is unavailable"), and what was asked. */
  detail?: string;
  url?: string;
  /** A request that got no HTTP answer at all (the connection failed). */
  error?: string;
}

/**
 * Steady traffic for a test that breaks something underneath it: `concurrency` loops, each requesting the next
 * of `urls` as soon as the previous answer is read, until `stop()`. Every answer is kept, in order.
 */
export class LoadLoop {
  readonly answers: LoadAnswer[] = [];
  private running = true;
  private readonly loops: Array<Promise<void>>;

  constructor(urls: string[], concurrency = 3) {
    this.loops = Array.from({ length: concurrency }, (_, index) => this.loop(urls, index));
  }

  /** Answers since `since` (a Date.now() value) with the given status. */
  count(status: number, since = 0): number {
    return this.answers.filter((answer) => answer.status === status && answer.at >= since).length;
  }

  async stop(): Promise<LoadAnswer[]> {
    this.running = false;
    await Promise.all(this.loops);
    return this.answers;
  }

  private async loop(urls: string[], offset: number): Promise<void> {
    for (let i = offset; this.running; i++) {
      this.answers.push(await this.request(urls[i % urls.length]));
    }
  }

  private async request(url: string): Promise<LoadAnswer> {
    try {
      const response = await fetch(url);
      const contentType = response.headers.get('content-type');
      const body = await response.text();
      const answer: LoadAnswer = { status: response.status, at: Date.now(), contentType };
      if (response.status >= 400) Object.assign(answer, { ...problemOf(body), url });
      return answer;
    } catch (error) {
      return { status: 0, at: Date.now(), contentType: null, error: String(error) };
    }
  }
}

function problemOf(body: string): { code?: string; detail?: string } {
  try {
    const { code, detail } = JSON.parse(body) as { code?: string; detail?: string };
    return { code, detail };
  } catch {
    return {};
  }
}
