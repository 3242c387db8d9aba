import { Module } from '@nestjs/common';
import { MessagingModule } from '@bazaar/messaging';
import { DeadLettersController } from './dead-letters.controller';
import { DeadLettersService } from './dead-letters.service';

/** The gateway reaches the bus only for this admin view, and connects on its first use. */
@Module({
  imports: [MessagingModule.forService({ deadLetters: true })],
  controllers: [DeadLettersController],
  providers: [DeadLettersService],
})
export class DeadLettersModule {}
