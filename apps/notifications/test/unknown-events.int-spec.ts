import { randomUUID } from 'node:crypto';
import {
  Caller,
  createEnvelope,
  IDENTITY_EVENTS,
  NotificationPage,
  NOTIFICATIONS_PATTERNS,
} from '@bazaar/contracts';
import { consumeEvents } from '@bazaar/messaging';
import { BootedService, bootService } from '../../../test/support/boot-service';
import { BusHarness, eventually, postgresBus } from '../../../test/support/event-bus';
import { AppModule } from '../src/app.module';

/** With UNKNOWN_EVENT_POLICY=ack, an event type the service cannot handle is skipped, not dead-lettered. */
describe('unknown event types under the ack policy', () => {
  let bus: BusHarness;
  let notifications: BootedService;

  beforeAll(async () => {
    bus = await postgresBus();
    notifications = await bootService(
      'notifications',
      AppModule,
      { ...bus.env(), UNKNOWN_EVENT_POLICY: 'ack' },
      'tcp',
      consumeEvents,
    );
  });

  afterAll(async () => {
    await notifications?.close();
    await bus?.close();
  });

  it('acknowledges and counts the unknown event, and goes on with the next', async () => {
    const userId = randomUUID();
    await bus.sendRaw(
      'notifications',
      createEnvelope({
        type: 'identity.user.deleted.v1',
        producer: 'identity',
        correlationId: 'unknown-ack',
        aggregateId: userId,
        payload: { userId },
      }),
    );
    await bus.publish(
      createEnvelope({
        type: IDENTITY_EVENTS.userRegistered.type,
        producer: 'identity',
        correlationId: 'after-unknown',
        aggregateId: userId,
        payload: { userId, email: 'ack@example.com', registeredAt: new Date().toISOString() },
      }),
    );
    const caller: Caller = { userId, roles: ['customer'] };
    await eventually(
      () => notifications.call<NotificationPage>(NOTIFICATIONS_PATTERNS.listMine, {}, { caller }),
      (page) => page.items.length === 1,
    );
    const metrics = await fetch(`${notifications.ops}/metrics`).then((r) => r.text());
    expect(metrics).toMatch(
      /events_consumed_total\{[^}]*type="identity\.user\.deleted\.v1"[^}]*outcome="skipped"[^}]*\} 1/,
    );
    await expect(bus.deadLetters.list('notifications', 10)).resolves.toEqual([]);
  });
});
