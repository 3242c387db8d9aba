import { AttemptTimeoutError, CallOutcome } from './failures';
import { DEFAULT_RESILIENCE_POLICY, policyProblems, ResiliencePolicy } from './resilience-policy';
import { BreakerEvent, BreakerObserver, BreakerState, ResilientCall } from './resilient-call';

// These run the real opossum 9: they fail if its half-open probe, error filter, volume threshold or refusal
// codes (EOPENBREAKER) change behaviour under this wrapper (docs/adr/0014-resilient-calls.md).

class Flaky extends Error {
  constructor(readonly retryable: boolean) {
    super(retryable ? 'provider answered 503' : 'provider refused the request');
  }
}

class Recorder implements BreakerObserver {
  readonly events: BreakerEvent[] = [];
  readonly states: BreakerState[] = [];
  readonly outcomes: CallOutcome[] = [];
  state(_: string, state: BreakerState) {
    this.states.push(state);
  }
  event(_: string, event: BreakerEvent) {
    this.events.push(event);
  }
  finished(_: string, outcome: CallOutcome) {
    this.outcomes.push(outcome);
  }
  count(event: BreakerEvent) {
    return this.events.filter((e) => e === event).length;
  }
}

const POLICY: ResiliencePolicy = {
  attemptTimeoutMs: 200,
  retries: 2,
  retryBaseDelayMs: 1,
  retryMaxDelayMs: 5,
  totalTimeoutMs: 2_000,
  errorThresholdPercentage: 50,
  rollingWindowMs: 10_000,
  rollingBuckets: 10,
  volumeThreshold: 4,
  resetTimeoutMs: 150,
};

const open: ResilientCall<[string], string>[] = [];
afterEach(() => open.splice(0).forEach((call) => call.shutdown()));

/**
 * A call whose action answers with each of `script` in turn (an Error is thrown; 'hang' never answers until its
 * signal fires), counting its calls.
 */
function scripted(script: Array<string | Error>, policy: Partial<ResiliencePolicy> = {}) {
  const recorder = new Recorder();
  const seen = { calls: 0, aborted: 0 };
  const call = new ResilientCall<[string], string>(
    'psp',
    { ...POLICY, ...policy },
    (signal, input) => {
      const step = script[Math.min(seen.calls++, script.length - 1)];
      if (step === 'hang')
        return new Promise((_, reject) =>
          signal.addEventListener('abort', () => {
            seen.aborted++;
            reject(signal.reason as Error);
          }),
        );
      return step instanceof Error ? Promise.reject(step) : Promise.resolve(`${step}:${input}`);
    },
    {
      failures: {
        isRetryable: (e) => e instanceof Flaky && e.retryable,
        isCallersFault: (e) => e instanceof Flaky && !e.retryable,
      },
      whenOpen: () => 'fallback',
      observer: recorder,
    },
  );
  open.push(call);
  return { call, recorder, seen };
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('ResilientCall', () => {
  it('answers with the action’s result on the first attempt', async () => {
    const { call, recorder, seen } = scripted(['approved']);
    await expect(call.call('a')).resolves.toBe('approved:a');
    expect(seen.calls).toBe(1);
    expect(recorder.outcomes).toEqual(['ok']);
  });

  it('retries a retryable failure and answers with the retry’s result', async () => {
    const { call, recorder, seen } = scripted([new Flaky(true), 'approved']);
    await expect(call.call('a')).resolves.toBe('approved:a');
    expect(seen.calls).toBe(2);
    expect(recorder.count('retry')).toBe(1);
  });

  it('never retries a failure that is not retryable, and does not count it against the dependency', async () => {
    const { call, recorder, seen } = scripted([new Flaky(false)]);
    for (let i = 0; i < 10; i++) await expect(call.call('a')).rejects.toBeInstanceOf(Flaky);
    expect(seen.calls).toBe(10);
    expect(recorder.count('retry')).toBe(0);
    expect(recorder.count('failure')).toBe(0);
    expect(call.state).toBe('closed');
  });

  it('stops after retries + 1 attempts with the last failure', async () => {
    const { call, recorder, seen } = scripted([new Flaky(true)], { volumeThreshold: 100 });
    await expect(call.call('a')).rejects.toBeInstanceOf(Flaky);
    expect(seen.calls).toBe(3);
    expect(recorder.outcomes).toEqual(['failed']);
  });

  it('fires each attempt’s AbortSignal at its time limit and retries the timeout', async () => {
    const { call, recorder, seen } = scripted(['hang', 'approved'], { attemptTimeoutMs: 50 });
    await expect(call.call('a')).resolves.toBe('approved:a');
    expect(seen.aborted).toBe(1);
    expect(recorder.count('attempt_timeout')).toBe(1);
  });

  it('ends an attempt at its limit even when the action ignores the signal', async () => {
    const recorder = new Recorder();
    const call = new ResilientCall<[], string>(
      'deaf',
      { ...POLICY, attemptTimeoutMs: 30, retries: 0 },
      () => new Promise(() => undefined),
      { failures: { isRetryable: () => false }, observer: recorder },
    );
    try {
      await expect(call.call()).rejects.toBeInstanceOf(AttemptTimeoutError);
      expect(recorder.outcomes).toEqual(['timeout']);
    } finally {
      call.shutdown();
    }
  });

  it('starts no attempt that could not finish within the total budget', async () => {
    const { call, seen } = scripted(['hang'], { attemptTimeoutMs: 100, totalTimeoutMs: 300, retries: 5 });
    await expect(call.call('a')).rejects.toBeInstanceOf(AttemptTimeoutError);
    // 100 ms, then a retry ending near 200 ms; a third could not run its 100 ms before 300 ms.
    expect(seen.calls).toBe(2);
  });

  it('opens after the failure share passes the threshold over the minimum volume, then answers at once without calling', async () => {
    const { call, recorder, seen } = scripted([new Flaky(true)], { retries: 0 });
    for (let i = 0; i < 4; i++) await call.call('a').catch(() => undefined);
    expect(call.state).toBe('open');
    const before = seen.calls;
    await expect(call.call('a')).resolves.toBe('fallback');
    expect(seen.calls).toBe(before);
    expect(recorder.outcomes.at(-1)).toBe('rejected');
    expect(recorder.states).toEqual(['closed', 'open']);
  });

  it('refuses at once while open, counted in its window and its events as opossum counts its own refusals', async () => {
    const { call, recorder, seen } = scripted([new Flaky(true)], { retries: 0 });
    expect(call.refusesNow()).toBe(false);
    for (let i = 0; i < 4; i++) await call.call('a').catch(() => undefined);
    const before = seen.calls;
    expect(call.refusesNow()).toBe(true);
    expect(call.refusesNow()).toBe(true);
    expect(seen.calls).toBe(before);
    // opossum's window statistics listen to its own 'reject' event: the refusals show in the snapshot.
    expect(call.snapshot().window.rejected).toBe(2);
    expect(recorder.count('reject')).toBe(2);
    expect(recorder.outcomes.slice(-2)).toEqual(['rejected', 'rejected']);
  });

  it('stays closed below the minimum volume however many of those calls fail', async () => {
    const { call } = scripted([new Flaky(true)], { retries: 0 });
    for (let i = 0; i < 3; i++) await call.call('a').catch(() => undefined);
    expect(call.state).toBe('closed');
  });

  it('lets exactly one probe through when half-open, and closes when it succeeds', async () => {
    const failures = Array.from({ length: 4 }, () => new Flaky(true));
    const { call, recorder, seen } = scripted([...failures, 'slow-probe', 'approved'], { retries: 0 });
    for (let i = 0; i < 4; i++) await call.call('a').catch(() => undefined);
    expect(call.state).toBe('open');
    await wait(POLICY.resetTimeoutMs + 50);
    expect(call.state).toBe('half-open');
    const callsBefore = seen.calls;
    const answers = await Promise.all([call.call('a'), call.call('b'), call.call('c')]);
    expect(seen.calls - callsBefore).toBe(1);
    expect(answers.filter((a) => a === 'fallback')).toHaveLength(2);
    expect(call.state).toBe('closed');
    expect(recorder.states).toEqual(['closed', 'open', 'half-open', 'closed']);
  });

  it('opens again when the half-open probe fails', async () => {
    const { call, recorder } = scripted([new Flaky(true)], { retries: 0 });
    for (let i = 0; i < 4; i++) await call.call('a').catch(() => undefined);
    await wait(POLICY.resetTimeoutMs + 50);
    await call.call('a').catch(() => undefined);
    expect(call.state).toBe('open');
    expect(recorder.states).toEqual(['closed', 'open', 'half-open', 'open']);
  });

  it('reports its window and when it will probe', async () => {
    const { call } = scripted([new Flaky(true)], { retries: 0 });
    for (let i = 0; i < 4; i++) await call.call('a').catch(() => undefined);
    const snapshot = call.snapshot();
    expect(snapshot).toMatchObject({ name: 'psp', state: 'open', window: { calls: 4, failures: 4 } });
    expect(Date.parse(snapshot.probeAt!) - Date.parse(snapshot.openedAt!)).toBe(POLICY.resetTimeoutMs);
  });
});

describe('ResilientCall.updatePolicy (live config)', () => {
  it('takes a new failure threshold from the next failure', async () => {
    // Above 100 % never opens: the share of failures cannot exceed it.
    const { call } = scripted([new Flaky(true)], { retries: 0, errorThresholdPercentage: 100 });
    for (let i = 0; i < 4; i++) await call.call('a').catch(() => undefined);
    expect(call.state).toBe('closed');
    call.updatePolicy({ ...POLICY, retries: 0, errorThresholdPercentage: 50 });
    await call.call('a').catch(() => undefined);
    expect(call.state).toBe('open');
  });

  it('takes new retries from the next call', async () => {
    const { call, seen } = scripted([new Flaky(true)], { retries: 0, volumeThreshold: 100 });
    await call.call('a').catch(() => undefined);
    expect(seen.calls).toBe(1);
    call.updatePolicy({ ...POLICY, retries: 2, volumeThreshold: 100 });
    await call.call('a').catch(() => undefined);
    expect(seen.calls).toBe(4);
  });

  it('takes a new reset timeout at the next opening', async () => {
    const { call } = scripted([new Flaky(true)], { retries: 0, resetTimeoutMs: 600_000 });
    call.updatePolicy({ ...POLICY, retries: 0, resetTimeoutMs: 50 });
    for (let i = 0; i < 4; i++) await call.call('a').catch(() => undefined);
    expect(call.state).toBe('open');
    // Built with ten minutes: half-open within a few seconds only if opossum took the new value.
    for (let waited = 0; call.state === 'open' && waited < 5_000; waited += 25) await wait(25);
    expect(call.state).toBe('half-open');
  });

  it.each([
    ['a volume threshold', { volumeThreshold: 1 }, /volumeThreshold take a restart/],
    ['a rolling window', { rollingWindowMs: 20_000 }, /rollingWindowMs take a restart/],
    ['an inconsistent policy', { totalTimeoutMs: 100, attemptTimeoutMs: 500 }, /totalTimeoutMs must be/],
  ])('refuses %s and keeps the policy it has', async (_case, change, problem) => {
    const { call, seen } = scripted([new Flaky(true)], { retries: 0 });
    expect(() => call.updatePolicy({ ...POLICY, retries: 2, ...change })).toThrow(problem);
    await call.call('a').catch(() => undefined);
    expect(seen.calls).toBe(1);
    expect(call.currentPolicy.retries).toBe(0);
  });
});

describe('policyProblems', () => {
  it('accepts the defaults', () => {
    expect(policyProblems(DEFAULT_RESILIENCE_POLICY)).toEqual([]);
  });

  it('names the fields of an inconsistent policy', () => {
    const problems = policyProblems({
      ...DEFAULT_RESILIENCE_POLICY,
      totalTimeoutMs: 100,
      attemptTimeoutMs: 500,
      rollingWindowMs: 1_001,
    });
    expect(problems.join('\n')).toMatch(/totalTimeoutMs/);
    expect(problems.join('\n')).toMatch(/rollingWindowMs/);
  });
});
