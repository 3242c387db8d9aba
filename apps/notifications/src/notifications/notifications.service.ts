import { Injectable, Logger } from '@nestjs/common';
import {
  Caller,
  EventEnvelope,
  ListNotificationsRequest,
  NOTIFICATION_LIMITS,
  NotificationPage,
  NotificationView,
} from '@bazaar/contracts';
import { pageOf } from '@bazaar/platform';
import { DeliveryWorker } from '../delivery/delivery-worker';
import { renderMessages } from '../messages/render-message';
import { RecipientUnknownError, signInRequired } from './notifications.errors';
import { KnownRecipient, NotificationRecord, NotificationsRepository } from './notifications.repository';
import { timeOrderedId } from './time-ordered-id';

export interface Recipient {
  userId: string;
  email: string;
}

/** What an order event says about whom it concerns: only the user's id, never an address. */
export interface OrderOwner {
  userId: string;
}

@Injectable()
export class NotificationsService {
  private readonly log = new Logger('Notifications');

  constructor(
    private readonly notifications: NotificationsRepository,
    private readonly worker: DeliveryWorker,
  ) {}

  /**
   * An account event: remembers the address it carries (the one order emails go to) and stores its messages to
   * that address, once per event however often it is delivered.
   */
  fromAccountEvent(event: EventEnvelope, recipient: Recipient): Promise<void> {
    return this.store(event, recipient, { ...recipient, knownAt: new Date(event.occurredAt) });
  }

  /**
   * An order event: its messages go to the address the user's account events last told. With none known yet, it
   * fails (RecipientUnknownError) so the bus retries it, and dead-letters it when no address ever comes.
   */
  async fromOrderEvent(event: EventEnvelope<OrderOwner>): Promise<void> {
    const { userId } = event.payload;
    const email = await this.notifications.addressOf(userId);
    if (email === null) {
      this.log.warn({
        msg: 'no email address known for the order’s user: the event is retried, then dead-lettered',
        type: event.type,
        eventId: event.id,
        userId,
      });
      throw new RecipientUnknownError(userId);
    }
    await this.store(event, { userId, email });
  }

  /** Renders and stores the event's messages, once per event however often it is delivered. */
  private async store(event: EventEnvelope, recipient: Recipient, remember?: KnownRecipient): Promise<void> {
    const messages = renderMessages(event);
    const stored = await this.notifications.storeOnce(
      event,
      messages.map((message) => ({
        id: timeOrderedId(new Date(event.occurredAt)),
        userId: recipient.userId,
        eventId: event.id,
        eventType: event.type,
        correlationId: event.correlationId,
        channel: message.channel,
        recipient: recipient.email,
        subject: message.subject,
        body: message.body,
      })),
      remember,
    );
    if (stored) this.worker.wake();
  }

  /** The caller's own notifications, newest event first (ids are ordered by the event's time). */
  async listMine(caller: Caller | undefined, query: ListNotificationsRequest): Promise<NotificationPage> {
    if (!caller) throw signInRequired();
    const limit = query.limit ?? NOTIFICATION_LIMITS.pageSizeDefault;
    const rows = await this.notifications.listByUser(caller.userId, {
      beforeId: query.cursor,
      take: limit + 1,
    });
    return pageOf(rows, limit, toView);
  }
}

function toView(row: NotificationRecord): NotificationView {
  return {
    id: row.id,
    eventType: row.eventType,
    channel: row.channel,
    recipient: row.recipient,
    subject: row.subject,
    body: row.body,
    status: row.status,
    attempts: row.attempts,
    lastError: row.lastError,
    createdAt: row.createdAt.toISOString(),
    sentAt: row.sentAt?.toISOString() ?? null,
  };
}
