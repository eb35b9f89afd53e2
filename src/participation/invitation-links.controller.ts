import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../common/problem.view';
import { LinksSentView, SendLinksDto } from './dto/invitation-links.dto';
import { InvitationLinksService } from './invitation-links.service';

@ApiTags('forums')
@ApiBearerAuth()
@Controller('forums/:forumId/invitations')
export class InvitationLinksController {
  constructor(private readonly links: InvitationLinksService) {}

  @Post('links')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Email invited organisations their magic links (again)',
    description:
      'Every contact of the named organisations (and, with notRegistered, of every invited organisation without a registration) gets a new link of its own, in its language, through the outbox. The earlier links keep working until they expire.',
  })
  @ApiOkResponse({ type: LinksSentView })
  @ApiProblems(400, 401, 403, 404, 409)
  send(@Param('forumId') forumId: string, @Body() dto: SendLinksDto): Promise<LinksSentView> {
    return this.links.send(forumId, dto);
  }
}
