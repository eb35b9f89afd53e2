import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { IdPipe } from '../common/id.pipe';
import { ApiPageResponse, Page, PageQuery } from '../common/pagination';
import { ApiProblems } from '../common/problem.view';
import { IsEmailAddress } from '../common/validators';
import { MESSAGE_STATUSES, type Message, type MessageStatus } from '../outbox/message.entity';
import { MessagesService } from './messages.service';

class ListMessagesQuery extends PageQuery {
  @ApiPropertyOptional({ enum: MESSAGE_STATUSES })
  @IsOptional()
  @IsIn(MESSAGE_STATUSES)
  status?: MessageStatus;

  @ApiPropertyOptional({ example: 'deadline_reminder' })
  @IsOptional()
  @IsString()
  @MaxLength(60)
  kind?: string;

  @ApiPropertyOptional({ example: 'c.millan@ville-issy.fr' })
  @IsOptional()
  @IsEmailAddress()
  recipient?: string;
}

/** An outbox row as organisers see it: never its data, which may hold links that open accounts. */
export class MessageView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() kind!: string;
  @ApiProperty() recipient!: string;
  @ApiProperty() locale!: string;
  @ApiProperty() template!: string;
  @ApiProperty({ enum: MESSAGE_STATUSES }) status!: MessageStatus;
  @ApiProperty() attempts!: number;
  @ApiPropertyOptional({ nullable: true, type: String }) lastError!: string | null;
  @ApiProperty() scheduledFor!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) sentAt!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) smtpMessageId!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, enum: ['PUBLISH', 'REQUEST', 'CANCEL'] }) calendarMethod!: string | null;
  @ApiProperty() createdAt!: string;
}

function toMessageView(m: Message): MessageView {
  return {
    id: m.id,
    kind: m.kind,
    recipient: m.recipient,
    locale: m.locale,
    template: m.template,
    status: m.status,
    attempts: m.attempts,
    lastError: m.lastError,
    scheduledFor: m.scheduledFor.toISOString(),
    sentAt: m.sentAt?.toISOString() ?? null,
    smtpMessageId: m.smtpMessageId,
    calendarMethod: m.icsMethod,
    createdAt: m.createdAt.toISOString(),
  };
}

@ApiTags('outbox')
@ApiBearerAuth()
@Controller('forums/:forumId/messages')
export class MessagesController {
  constructor(private readonly messages: MessagesService) {}

  @Get()
  @ApiOperation({ summary: 'The outbox of the edition: every email sent or to be sent, newest first' })
  @ApiPageResponse(MessageView)
  @ApiProblems(400, 401, 403)
  async list(@Param('forumId') forumId: string, @Query() query: ListMessagesQuery): Promise<Page<MessageView>> {
    const page = await this.messages.list(forumId, query);
    return { ...page, items: page.items.map(toMessageView) };
  }

  @Post(':messageId/retry')
  @HttpCode(200)
  @ApiOperation({ summary: 'Send a failed message again' })
  @ApiOkResponse({ type: MessageView })
  @ApiProblems(401, 403, 404, 409)
  async retry(@Param('forumId') forumId: string, @Param('messageId', IdPipe) messageId: string): Promise<MessageView> {
    return toMessageView(await this.messages.retry(forumId, messageId));
  }

  @Post(':messageId/cancel')
  @HttpCode(200)
  @ApiOperation({ summary: 'Cancel a message not sent yet' })
  @ApiOkResponse({ type: MessageView })
  @ApiProblems(401, 403, 404, 409)
  async cancel(@Param('forumId') forumId: string, @Param('messageId', IdPipe) messageId: string): Promise<MessageView> {
    return toMessageView(await this.messages.cancel(forumId, messageId));
  }
}
