import { Injectable } from '@nestjs/common';
import { DeliveryStatus, EventEnvelope, NotificationChannel } from '@bazaar/contracts';
import { Inbox } from '@bazaar/messaging';
import { NotificationsDatabase } from '../database/notifications-database';
import { Notification } from '../generated/prisma/client';

/** A message to store, rendered from an event; it starts `pending`, due at once. */
export interface NewNotification {
  id: string;
  userId: string;
  eventId: string;
  eventType: string;
  correlationId: string;
  channel: NotificationChannel;
  recipient: string;
  subject: string;
  body: string;
}

/** A stored message with its delivery state. */
export interface NotificationRecord {
  id: string;
  userId: string;
  eventType: string;
  channel: NotificationChannel;
  recipient: string;
  subject: string;
  body: string;
  status: DeliveryStatus;
  attempts: number;
  lastError: string | null;
  createdAt: Date;
  sentAt: Date | null;
}

/** A user's address as an account event told it, at that event's time. */
export interface KnownRecipient {
  userId: string;
  email: string;
  knownAt: Date;
}

export interface UserNotificationsQuery {
  /** Only ids below this one: the last id of the previous page. */
  beforeId?: string;
  take: number;
}

/** The only place that speaks Prisma for notifications. */
@Injectable()
export class NotificationsRepository {
  constructor(
    private readonly db: NotificationsDatabase,
    private readonly inbox: Inbox,
  ) {}

  /**
   * Stores an event's messages in the transaction that records the event in the inbox, so they are stored once
   * however often the event is delivered; an account event's address is remembered in the same transaction. False
   * when the event was handled before.
   */
  async storeOnce(
    event: EventEnvelope,
    notifications: NewNotification[],
    recipient?: KnownRecipient,
  ): Promise<boolean> {
    const { duplicate } = await this.inbox.handle(this.db, event, async (tx) => {
      if (recipient) {
        // Newer wins: an account event delivered late (a retry) does not bring back an address replaced since.
        await tx.$executeRaw`
          INSERT INTO recipient (user_id, email, known_at)
          VALUES (${recipient.userId}::uuid, ${recipient.email}, ${recipient.knownAt})
          ON CONFLICT (user_id) DO UPDATE SET email = EXCLUDED.email, known_at = EXCLUDED.known_at
           WHERE recipient.known_at <= EXCLUDED.known_at`;
      }
      await tx.notification.createMany({ data: notifications });
    });
    return !duplicate;
  }

  /** The address identity's account events last gave for the user; null when none has arrived. */
  async addressOf(userId: string): Promise<string | null> {
    const row = await this.db.recipient.findUnique({ where: { userId }, select: { email: true } });
    return row?.email ?? null;
  }

  /** A user's messages, highest id first. */
  async listByUser(userId: string, query: UserNotificationsQuery): Promise<NotificationRecord[]> {
    const rows = await this.db.notification.findMany({
      where: { userId, ...(query.beforeId ? { id: { lt: query.beforeId } } : {}) },
      orderBy: { id: 'desc' },
      take: query.take,
    });
    return rows.map(toRecord);
  }
}

// The columns are plain strings in the database; only this service writes them, with the contract's values.
function toRecord(row: Notification): NotificationRecord {
  return {
    id: row.id,
    userId: row.userId,
    eventType: row.eventType,
    channel: row.channel as NotificationChannel,
    recipient: row.recipient,
    subject: row.subject,
    body: row.body,
    status: row.status as DeliveryStatus,
    attempts: row.attempts,
    lastError: row.lastError,
    createdAt: row.createdAt,
    sentAt: row.sentAt,
  };
}
