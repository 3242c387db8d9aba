import { EventEmitter } from 'node:events';
import { LAUNCHED_ENV, StopRequests } from './stop-requests';

/** The parts of `process` StopRequests reads: signals, the IPC channel and its state. */
function processWith(ipc: { channel?: { unref(): void }; connected: boolean }): NodeJS.Process {
  return Object.assign(new EventEmitter(), ipc) as unknown as NodeJS.Process;
}

describe('StopRequests', () => {
  const env = { [LAUNCHED_ENV]: '1', SHUTDOWN_TIMEOUT_MS: '60000' };
  const hooks = () => ({ onTimeout: jest.fn(), onLauncherGone: jest.fn() });
  const install = (proc: NodeJS.Process, h = hooks()) => ({
    requests: StopRequests.install(env, h, proc),
    h,
  });
  // Each request arms its hard-bound timer; none of them may fire after the test.
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('stops when the launcher goes away after start-up began', () => {
    const proc = processWith({ channel: { unref: jest.fn() }, connected: true });
    const { requests, h } = install(proc);
    expect(requests.requested).toBeUndefined();
    proc.emit('disconnect');
    expect(requests.requested).toBe('launcher gone');
    expect(h.onLauncherGone).toHaveBeenCalledTimes(1);
  });

  it('stops at once when the launcher died before the watch was installed (its channel already closed)', () => {
    const { requests, h } = install(processWith({ connected: false }));
    expect(requests.requested).toBe('launcher gone');
    expect(h.onLauncherGone).toHaveBeenCalledTimes(1);
  });

  it('watches no launcher in a process the launcher did not start', () => {
    const requests = StopRequests.install({}, hooks(), processWith({ connected: false }));
    expect(requests.requested).toBeUndefined();
  });

  it('takes SIGTERM as a stop request', () => {
    const proc = processWith({ connected: false });
    const requests = StopRequests.install({}, hooks(), proc);
    proc.emit('SIGTERM');
    expect(requests.requested).toBe('SIGTERM');
  });
});
