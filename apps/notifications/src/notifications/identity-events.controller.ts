import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { EventEnvelope, IDENTITY_EVENTS, UserPasswordChangedV1, UserRegisteredV1 } from '@bazaar/contracts';
import { NotificationsService } from './notifications.service';

/** Account events become messages to the account's owner, and tell notifications where to reach them. */
@Controller()
export class IdentityEventsController {
  constructor(private readonly notifications: NotificationsService) {}

  @EventPattern(IDENTITY_EVENTS.userRegistered.type)
  userRegistered(@Payload() event: EventEnvelope<UserRegisteredV1>): Promise<void> {
    return this.notifications.fromAccountEvent(event, event.payload);
  }

  @EventPattern(IDENTITY_EVENTS.userPasswordChanged.type)
  passwordChanged(@Payload() event: EventEnvelope<UserPasswordChangedV1>): Promise<void> {
    return this.notifications.fromAccountEvent(event, event.payload);
  }
}
