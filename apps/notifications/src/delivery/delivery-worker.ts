import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import { Counter } from 'prom-client';
import { reasonOf } from '@bazaar/messaging';
import { backoffDelay, PassOutcome, PollingLoop, RequestContext } from '@bazaar/platform';
import { NotificationsConfig } from '../notifications.config';
import { DeliveryRepository, DueMessage } from './delivery.repository';
import { NOTIFICATION_SENDER, NotificationSender } from './notification-sender';

export const DELIVERY_ATTEMPTS = 'notification_delivery_attempts_total';

const BATCH = 20;

/**
 * Sends stored messages. A message is claimed by pushing its due time past the attempt's time limit (so another
 * instance does not take it meanwhile, and a crashed attempt is picked up again later), then marked sent, or
 * rescheduled with exponential back-off and its error recorded, or marked failed after the last attempt.
 */
@Injectable()
export class DeliveryWorker implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly log = new Logger('Delivery');
  private readonly loop: PollingLoop;

  constructor(
    private readonly messages: DeliveryRepository,
    private readonly config: NotificationsConfig,
    @Inject(NOTIFICATION_SENDER) private readonly sender: NotificationSender,
    @InjectMetric(DELIVERY_ATTEMPTS) private readonly attempts: Counter<string>,
  ) {
    this.loop = new PollingLoop(() => this.pass(), {
      pollMs: config.DELIVERY_POLL_MS,
      backoff: { initialMs: config.DELIVERY_POLL_MS, maxMs: 30_000, jitter: 0.2 },
      onFailure: (error) => this.log.warn({ msg: 'delivery pass failed', reason: reasonOf(error) }),
    });
  }

  onApplicationBootstrap(): void {
    this.log.log({ msg: `delivering email through ${this.sender.name}` });
    this.loop.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.loop.stop();
    this.sender.close?.();
  }

  /** New messages were stored: look now rather than at the next poll. */
  wake(): void {
    this.loop.wake();
  }

  /** Claims a batch of due messages and delivers them; a full batch means more may be due. */
  private async pass(): Promise<PassOutcome> {
    const leaseMs = this.config.DELIVERY_TIMEOUT_MS * 3;
    const due = await this.messages.claimDue(BATCH, leaseMs);
    await Promise.all(due.map((message) => this.deliver(message)));
    return due.length < BATCH ? 'idle' : 'busy';
  }

  private async deliver(message: DueMessage): Promise<void> {
    const attempt = message.attempts + 1;
    // The request that caused the event: its ID follows the message to the mail server and into these logs.
    const requestId = RequestContext.acceptOrCreate(message.correlationId);
    await RequestContext.run({ requestId }, async () => {
      try {
        await this.sender.send({ to: message.recipient, subject: message.subject, text: message.body });
        await this.messages.markSent(message.id, attempt);
        this.attempts.inc({ outcome: 'sent' });
        this.log.log({ msg: 'notification sent', notificationId: message.id, attempt });
      } catch (error) {
        const reason = reasonOf(error);
        const final = attempt >= this.config.DELIVERY_MAX_ATTEMPTS;
        const delayMs = backoffDelay(
          {
            initialMs: this.config.DELIVERY_RETRY_DELAY_MS,
            maxMs: this.config.DELIVERY_RETRY_MAX_MS,
            jitter: 0.2,
          },
          attempt,
        );
        await this.messages.recordFailure({
          id: message.id,
          attempts: attempt,
          reason,
          final,
          retryInMs: delayMs,
        });
        this.attempts.inc({ outcome: final ? 'failed' : 'retry' });
        this.log.warn({
          msg: final ? 'notification failed for good' : 'notification delivery failed, will retry',
          notificationId: message.id,
          attempt,
          reason,
          ...(final ? {} : { retryInMs: delayMs }),
        });
      }
    });
  }
}
