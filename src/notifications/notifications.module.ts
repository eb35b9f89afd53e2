import { Module } from '@nestjs/common';
import { MailerService } from './mailer.service';
import { NotificationsService } from './notifications.service';
import { TemplateService } from './template.service';

@Module({
  providers: [NotificationsService, TemplateService, MailerService],
  exports: [NotificationsService, TemplateService],
})
export class NotificationsModule {}
