import { Module } from '@nestjs/common';
import { MailerService } from './mailer.service';
import { MessageSender } from './message-sender.service';
import { OutboxStore } from './outbox-store';
import { Outbox } from './outbox.service';
import { TemplateService } from './template.service';
import { DatabaseModule } from '../database/database.module';
import { Message } from './message.entity';

/** The outbox and the sending of its messages: below every domain, it imports none of them. */
@Module({
  imports: [DatabaseModule.forFeature([Message])],
  providers: [Outbox, OutboxStore, MessageSender, TemplateService, MailerService],
  exports: [Outbox, MessageSender, TemplateService],
})
export class OutboxModule {}
