import { Module } from '@nestjs/common';
import { MailerService } from './mailer.service';
import { MessagesController } from './messages.controller';
import { NotificationsService } from './notifications.service';
import { TemplateService } from './template.service';

@Module({
  controllers: [MessagesController],
  providers: [NotificationsService, TemplateService, MailerService],
  exports: [NotificationsService, TemplateService],
})
export class NotificationsModule {}
