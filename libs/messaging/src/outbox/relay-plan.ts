export interface PendingEvent {
  seq: string;
  aggregateId: string;
}

export interface RelayOutcome<T extends PendingEvent> {
  /** Confirmed by the bus: mark sent. */
  sent: T[];
  /** The first failure of each aggregate (its later events were not attempted, so they keep their order). */
  failed: Array<{ event: T; error: unknown }>;
}

/**
 * Publishes a batch the way the outbox promises: events of one aggregate one after another in recorded order,
 * stopping at that aggregate's first failure; different aggregates in parallel, at most `concurrency` at a time.
 * `events` must be in recorded order (ascending seq).
 */
export async function publishInOrder<T extends PendingEvent>(
  events: T[],
  publish: (event: T) => Promise<void>,
  concurrency: number,
): Promise<RelayOutcome<T>> {
  const byAggregate = new Map<string, T[]>();
  for (const event of events) {
    const group = byAggregate.get(event.aggregateId);
    if (group) group.push(event);
    else byAggregate.set(event.aggregateId, [event]);
  }
  const groups = [...byAggregate.values()];
  const outcome: RelayOutcome<T> = { sent: [], failed: [] };

  let next = 0;
  const worker = async () => {
    while (next < groups.length) {
      const group = groups[next++];
      for (const event of group) {
        try {
          await publish(event);
          outcome.sent.push(event);
        } catch (error) {
          outcome.failed.push({ event, error });
          break;
        }
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, groups.length)) }, worker));
  return outcome;
}
