import { NotificationChannel } from '@bazaar/contracts';

/** One message an event produces, on one channel. */
export interface RenderedMessage {
  channel: NotificationChannel;
  subject: string;
  body: string;
}
