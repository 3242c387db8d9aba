/** Message patterns of the notifications service (Nest TCP transport). */
export const NOTIFICATIONS_PATTERNS = {
  listMine: 'notifications.mine.list',
} as const;

export const NOTIFICATION_LIMITS = { pageSizeMax: 100, pageSizeDefault: 20 } as const;

export const NOTIFICATION_CHANNELS = ['email'] as const;
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];

/** `pending` until the sender accepted it; `failed` once every retry was used. */
export const DELIVERY_STATUSES = ['pending', 'sent', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export interface NotificationView {
  id: string;
  /** The event type that caused it, e.g. `identity.user.registered.v1`. */
  eventType: string;
  channel: NotificationChannel;
  recipient: string;
  subject: string;
  body: string;
  status: DeliveryStatus;
  attempts: number;
  /** Why the last delivery attempt failed, while retrying or for good. */
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
}

export interface NotificationPage {
  items: NotificationView[];
  nextCursor: string | null;
}

export interface ListNotificationsRequest {
  cursor?: string;
  limit?: number;
}
