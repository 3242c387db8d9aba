import { Injectable } from '@nestjs/common';
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
import { signInRequired } from './notifications.errors';
import { NotificationRecord, NotificationsRepository } from './notifications.repository';
import { timeOrderedId } from './time-ordered-id';

export interface Recipient {
  userId: string;
  email: string;
}

@Injectable()
export class NotificationsService {
  constructor(
    private readonly notifications: NotificationsRepository,
    private readonly worker: DeliveryWorker,
  ) {}

  /** Renders and stores the event's messages, once per event however often it is delivered. */
  async fromEvent(event: EventEnvelope, recipient: Recipient): Promise<void> {
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
