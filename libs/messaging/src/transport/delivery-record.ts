import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * What the inbox saw during one delivery, so the transport counts the delivery once, with its real outcome
 * (`handled`, or `duplicate` when the inbox skipped every effect the handler asked for). The inbox is called deep
 * inside the handler, through a service and a repository, so it reports here rather than through return values.
 */
export class DeliveryRecord {
  private static readonly current = new AsyncLocalStorage<DeliveryRecord>();
  private effects = 0;
  private skipped = 0;

  /** Runs one delivery with a fresh record, readable by everything the handler calls. */
  static track<T>(work: (record: DeliveryRecord) => Promise<T>): Promise<T> {
    const record = new DeliveryRecord();
    return DeliveryRecord.current.run(record, () => work(record));
  }

  /** The record of the delivery being handled; undefined outside a bus delivery (a direct call, a test). */
  static active(): DeliveryRecord | undefined {
    return DeliveryRecord.current.getStore();
  }

  /** The inbox ran one effect (`duplicate`: it found the event already recorded and skipped it). */
  noteEffect(duplicate: boolean): void {
    this.effects += 1;
    if (duplicate) this.skipped += 1;
  }

  /** `duplicate` when the handler reached the inbox and every effect was skipped, else `handled`. */
  get outcome(): 'handled' | 'duplicate' {
    return this.effects > 0 && this.skipped === this.effects ? 'duplicate' : 'handled';
  }
}
