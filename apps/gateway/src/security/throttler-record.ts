import { ThrottlerStorage } from '@nestjs/throttler';

/**
 * What a throttler storage answers for one hit, taken from the storage interface the package exports (its own name
 * for it, ThrottlerStorageRecord, is only reachable through a path inside its dist/).
 */
export type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;
