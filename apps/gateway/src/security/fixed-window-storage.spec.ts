import { FixedWindowThrottlerStorage } from './fixed-window-storage';

describe('FixedWindowThrottlerStorage', () => {
  let now: number;
  let storage: FixedWindowThrottlerStorage;

  beforeEach(() => {
    now = 1_800_000_000_000;
    jest.spyOn(Date, 'now').mockImplementation(() => now);
    storage = new FixedWindowThrottlerStorage();
  });

  afterEach(() => {
    storage.onModuleDestroy();
    jest.restoreAllMocks();
  });

  const hit = (key = 'k') => storage.increment(key, 60_000, 3, 60_000);

  it('counts hits per key and blocks above the limit for the block duration', async () => {
    for (let i = 1; i <= 3; i++)
      await expect(hit()).resolves.toMatchObject({ totalHits: i, isBlocked: false });
    await expect(hit()).resolves.toMatchObject({ isBlocked: true, timeToBlockExpire: 60 });
    await expect(hit('other')).resolves.toMatchObject({ totalHits: 1, isBlocked: false });
    now += 30_000;
    await expect(hit()).resolves.toMatchObject({ isBlocked: true, timeToBlockExpire: 30 });
    now += 30_001;
    await expect(hit()).resolves.toMatchObject({ totalHits: 1, isBlocked: false });
  });

  it('starts a fresh window when the old one ended', async () => {
    await hit();
    await hit();
    now += 60_001;
    await expect(hit()).resolves.toMatchObject({ totalHits: 1, timeToExpire: 60 });
  });
});
