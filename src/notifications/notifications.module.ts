import { Module } from '@nestjs/common';
import { MailerService } from './mailer.service';
import { MessagesController } from './messages.controller';
import { TemplatesController } from './templates.controller';
import { UnsubscribeController } from './unsubscribe.controller';
import { OrganisationsModule } from '../organisations/organisations.module';
import { NotificationsService } from './notifications.service';
import { OutboxStore } from './outbox-store.service';
import { TemplateService } from './template.service';

@Module({
  imports: [OrganisationsModule],
  controllers: [MessagesController, UnsubscribeController, TemplatesController],
  providers: [NotificationsService, TemplateService, MailerService, OutboxStore],
  exports: [NotificationsService, TemplateService],
})
export class NotificationsModule {}
