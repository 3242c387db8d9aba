import { Injectable } from '@nestjs/common';
import {
  Caller,
  EventEnvelope,
  NOTIFICATION_LIMITS,
  NotificationPage,
  NotificationView,
} from '@bazaar/contracts';
import { Inbox } from '@bazaar/messaging';
import { DomainError } from '@bazaar/platform';
import { NotificationsDatabase } from '../database/notifications-database';
import { DeliveryWorker } from '../delivery/delivery-worker';
import { Notification } from '../generated/prisma/client';
import { renderMessages } from '../messages/render-message';
import { ListNotificationsDto } from './notifications.dto';
import { timeOrderedId } from './time-ordered-id';

export interface Recipient {
  userId: string;
  email: string;
}

@Injectable()
export class NotificationsService {
  constructor(
    private readonly db: NotificationsDatabase,
    private readonly inbox: Inbox,
    private readonly worker: DeliveryWorker,
  ) {}

  /** Renders and stores the event's messages, once per event however often it is delivered. */
  async fromEvent(event: EventEnvelope, recipient: Recipient): Promise<void> {
    const messages = renderMessages(event);
    const { duplicate } = await this.inbox.handle(this.db, event, (tx) =>
      tx.notification.createMany({
        data: messages.map((message) => ({
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
      }),
    );
    if (!duplicate) this.worker.wake();
  }

  /** The caller's own notifications, newest event first (ids are ordered by the event's time). */
  async listMine(caller: Caller | undefined, query: ListNotificationsDto): Promise<NotificationPage> {
    if (!caller) throw new DomainError('UNAUTHENTICATED', 'Sign in to read your notifications.');
    const limit = query.limit ?? NOTIFICATION_LIMITS.pageSizeDefault;
    const rows = await this.db.notification.findMany({
      where: { userId: caller.userId, ...(query.cursor ? { id: { lt: query.cursor } } : {}) },
      orderBy: { id: 'desc' },
      take: limit + 1,
    });
    const items = rows.slice(0, limit).map(toView);
    return { items, nextCursor: rows.length > limit ? items[items.length - 1].id : null };
  }
}

function toView(row: Notification): NotificationView {
  return {
    id: row.id,
    eventType: row.eventType,
    channel: row.channel as NotificationView['channel'],
    recipient: row.recipient,
    subject: row.subject,
    body: row.body,
    status: row.status as NotificationView['status'],
    attempts: row.attempts,
    lastError: row.lastError,
    createdAt: row.createdAt.toISOString(),
    sentAt: row.sentAt?.toISOString() ?? null,
  };
}
