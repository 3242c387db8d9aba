import { createEnvelope, IDENTITY_EVENTS, NOTIFICATION_LIMITS, ORDERS_EVENTS } from '@bazaar/contracts';
import { DomainError } from '@bazaar/platform';
import { DeliveryWorker } from '../delivery/delivery-worker';
import { RecipientUnknownError } from './notifications.errors';
import {
  KnownRecipient,
  NewNotification,
  NotificationRecord,
  NotificationsRepository,
  UserNotificationsQuery,
} from './notifications.repository';
import { NotificationsService } from './notifications.service';

/** Stands in for the table: records what is stored and asked, answers with the rows a test gives it. */
class RecordingRepository {
  stored: NewNotification[][] = [];
  remembered: Array<KnownRecipient | undefined> = [];
  queries: Array<{ userId: string; query: UserNotificationsQuery }> = [];
  handledBefore = false;
  rows: NotificationRecord[] = [];
  addresses = new Map<string, string>();

  storeOnce(_event: unknown, notifications: NewNotification[], recipient?: KnownRecipient): Promise<boolean> {
    this.stored.push(notifications);
    this.remembered.push(recipient);
    return Promise.resolve(!this.handledBefore);
  }

  addressOf(userId: string): Promise<string | null> {
    return Promise.resolve(this.addresses.get(userId) ?? null);
  }

  listByUser(userId: string, query: UserNotificationsQuery): Promise<NotificationRecord[]> {
    this.queries.push({ userId, query });
    return Promise.resolve(this.rows);
  }
}

const user = { userId: '0192f3a4-5b6c-7d8e-9f00-112233445566', email: 'ada@example.com' };

const record = (id: string): NotificationRecord => ({
  id,
  userId: user.userId,
  eventType: IDENTITY_EVENTS.userRegistered.type,
  channel: 'email',
  recipient: user.email,
  subject: 'Welcome to Bazaar',
  body: 'Hello',
  status: 'sent',
  attempts: 1,
  lastError: null,
  createdAt: new Date('2026-11-25T10:00:00.000Z'),
  sentAt: new Date('2026-11-25T10:00:01.000Z'),
});

describe('NotificationsService', () => {
  let repository: RecordingRepository;
  let wakes: number;
  let service: NotificationsService;

  beforeEach(() => {
    repository = new RecordingRepository();
    wakes = 0;
    const worker = { wake: () => void wakes++ };
    service = new NotificationsService(
      repository as unknown as NotificationsRepository,
      worker as unknown as DeliveryWorker,
    );
  });

  describe('fromAccountEvent', () => {
    const occurredAt = new Date('2026-11-25T10:00:00.123Z');
    const registered = createEnvelope({
      type: IDENTITY_EVENTS.userRegistered.type,
      producer: 'identity',
      correlationId: 'request-1',
      aggregateId: user.userId,
      occurredAt,
      payload: { ...user, registeredAt: occurredAt.toISOString() },
    });

    it('stores the rendered message for the recipient, with an id ordered by the event’s time, and wakes delivery', async () => {
      await service.fromAccountEvent(registered, user);

      expect(repository.stored).toHaveLength(1);
      const [message] = repository.stored[0];
      expect(message).toMatchObject({
        userId: user.userId,
        eventId: registered.id,
        eventType: registered.type,
        correlationId: 'request-1',
        channel: 'email',
        recipient: user.email,
        subject: 'Welcome to Bazaar',
      });
      expect(parseInt(message.id.replace(/-/g, '').slice(0, 12), 16)).toBe(occurredAt.getTime());
      expect(wakes).toBe(1);
    });

    it('remembers the address the event carries, as of the event’s time, for the user’s order emails', async () => {
      await service.fromAccountEvent(registered, user);
      expect(repository.remembered).toEqual([{ ...user, knownAt: occurredAt }]);
    });

    it('leaves delivery asleep when the event was handled before', async () => {
      repository.handledBefore = true;
      await service.fromAccountEvent(registered, user);
      expect(wakes).toBe(0);
    });
  });

  describe('fromOrderEvent', () => {
    const orderId = '0192f3a4-5b6c-7d8e-9f00-aabbccddeeff';
    const confirmed = createEnvelope({
      type: ORDERS_EVENTS.orderConfirmed.type,
      producer: 'orders',
      correlationId: 'request-2',
      aggregateId: orderId,
      payload: {
        orderId,
        userId: user.userId,
        status: 'CONFIRMED' as const,
        currency: 'EUR',
        total: 2_500,
        lines: [{ productId: orderId, sku: 'SKU-1', name: 'Linen shirt', unitPrice: 1_250, quantity: 2 }],
        occurredAt: '2026-11-25T10:00:00.000Z',
      },
    });

    it('sends the order’s email to the address the user’s account events told, remembering nothing new', async () => {
      repository.addresses.set(user.userId, user.email);
      await service.fromOrderEvent(confirmed);

      expect(repository.stored[0]).toEqual([
        expect.objectContaining({ userId: user.userId, recipient: user.email, eventId: confirmed.id }),
      ]);
      expect(repository.remembered).toEqual([undefined]);
      expect(wakes).toBe(1);
    });

    it('fails with the user named, storing nothing, while no address is known: the bus retries it', async () => {
      const refusal = service.fromOrderEvent(confirmed);
      await expect(refusal).rejects.toBeInstanceOf(RecipientUnknownError);
      await expect(refusal).rejects.toThrow(user.userId);
      expect(repository.stored).toEqual([]);
      expect(wakes).toBe(0);
    });
  });

  describe('listMine', () => {
    const caller = { userId: user.userId, roles: ['customer' as const] };

    it('refuses a caller who is not signed in, before reading anything', async () => {
      const refusal = service.listMine(undefined, {});
      await expect(refusal).rejects.toBeInstanceOf(DomainError);
      await expect(refusal).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
      expect(repository.queries).toEqual([]);
    });

    it('reads one row past the page, and gives the page’s last id as the cursor when it exists', async () => {
      repository.rows = [record('c'), record('b'), record('a')];
      const page = await service.listMine(caller, { limit: 2, cursor: 'd' });

      expect(repository.queries).toEqual([{ userId: user.userId, query: { beforeId: 'd', take: 3 } }]);
      expect(page.items.map((item) => item.id)).toEqual(['c', 'b']);
      expect(page.nextCursor).toBe('b');
      expect(page.items[0]).toMatchObject({
        createdAt: '2026-11-25T10:00:00.000Z',
        sentAt: '2026-11-25T10:00:01.000Z',
      });
    });

    it('ends with a null cursor, and pages by the default size when none is asked', async () => {
      repository.rows = [{ ...record('a'), status: 'pending', attempts: 0, sentAt: null }];
      const page = await service.listMine(caller, {});

      expect(repository.queries[0].query).toEqual({
        beforeId: undefined,
        take: NOTIFICATION_LIMITS.pageSizeDefault + 1,
      });
      expect(page).toEqual({ items: [expect.objectContaining({ id: 'a', sentAt: null })], nextCursor: null });
    });
  });
});
