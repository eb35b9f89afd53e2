import { Controller, Get, HttpCode, HttpStatus, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';
import { Public } from '../access/access.decorators';
import { ProblemCode, ProblemException } from '../common/problem';
import { ApiProblems } from '../common/problem.view';
import { AppConfig } from '../config/app-config';
import { ContactsService } from '../organisations/contacts.service';
import { readUnsubscribeToken, unsubscribeKey } from '../outbox/unsubscribe-token';

class UnsubscribeQuery {
  @ApiPropertyOptional({ description: 'The token of the link in the email.' })
  @IsString()
  @MaxLength(200)
  token!: string;
}

/** One-click unsubscribe (RFC 8058): POST stops the emails; GET only says what POST would do. */
@ApiTags('outbox')
@Controller('unsubscribe')
export class UnsubscribeController {
  private readonly key: Buffer;

  constructor(
    private readonly contacts: ContactsService,
    config: AppConfig,
  ) {
    this.key = unsubscribeKey(config.get('adminToken'));
  }

  @Get()
  @Public()
  @ApiOperation({ summary: 'What the unsubscribe link would stop (changes nothing: mail scanners follow links)' })
  @ApiOkResponse({ description: '{ kind, confirm: "POST to this URL" }' })
  @ApiProblems(400)
  describe(@Query() query: UnsubscribeQuery): { kind: string; confirm: string } {
    return { kind: this.read(query.token).kind, confirm: 'POST to this same URL to stop these emails.' };
  }

  @Post()
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Stop this kind of email for this person (List-Unsubscribe-Post)' })
  @ApiOkResponse({ description: '{ unsubscribed: kind }' })
  @ApiProblems(400)
  async unsubscribe(@Query() query: UnsubscribeQuery): Promise<{ unsubscribed: string }> {
    const { contactId, kind } = this.read(query.token);
    if (!(await this.contacts.unsubscribe(contactId, kind))) {
      throw this.invalid();
    }
    return { unsubscribed: kind };
  }

  private read(token: string): { contactId: string; kind: string } {
    const read = readUnsubscribeToken(this.key, token);
    if (!read) {
      throw this.invalid();
    }
    return read;
  }

  private invalid(): ProblemException {
    return new ProblemException(HttpStatus.BAD_REQUEST, ProblemCode.LinkInvalid, 'This unsubscribe link is not valid.', {
      errors: [{ field: 'token', message: 'not a valid unsubscribe token' }],
    });
  }
}
