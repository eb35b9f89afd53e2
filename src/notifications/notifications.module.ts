import { Module } from '@nestjs/common';
import { OrganisationsModule } from '../organisations/organisations.module';
import { OutboxModule } from '../outbox/outbox.module';
import { MessagesController } from './messages.controller';
import { MessagesService } from './messages.service';
import { TemplatesController } from './templates.controller';
import { UnsubscribeController } from './unsubscribe.controller';

/** The outbox as the API shows it: an edition's messages, the templates, the unsubscribe link. */
@Module({
  imports: [OrganisationsModule, OutboxModule],
  controllers: [MessagesController, UnsubscribeController, TemplatesController],
  providers: [MessagesService],
})
export class NotificationsModule {}
