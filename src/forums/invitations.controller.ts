import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { IdPipe } from '../common/id.pipe';
import { ApiPageResponse, Page, PageQuery } from '../common/pagination';
import { ApiProblems } from '../common/problem.view';
import { toSummary } from '../organisations/organisation.views';
import { InvitationView, InviteDto, InviteResultView } from './dto/invitation.dto';
import type { Invitation } from './invitation.entity';
import { InvitationsService } from './invitations.service';

function toInvitationView(invitation: Invitation): InvitationView {
  return {
    id: invitation.id,
    forumId: invitation.forum.id,
    organisation: toSummary(invitation.organisation),
    invitedAt: invitation.createdAt.toISOString(),
  };
}

@ApiTags('forums')
@ApiBearerAuth()
@Controller('forums/:forumId/invitations')
export class InvitationsController {
  constructor(private readonly invitations: InvitationsService) {}

  @Get()
  @ApiOperation({ summary: 'Organisations invited to the edition' })
  @ApiPageResponse(InvitationView)
  @ApiProblems(400, 401, 403, 404)
  async list(@Param('forumId') forumId: string, @Query() query: PageQuery): Promise<Page<InvitationView>> {
    const page = await this.invitations.list(forumId, query);
    return { ...page, items: page.items.map(toInvitationView) };
  }

  @Post()
  @HttpCode(200)
  @ApiOperation({ summary: 'Invite organisations (many at once)' })
  @ApiOkResponse({ type: InviteResultView })
  @ApiProblems(400, 401, 403, 404)
  async invite(@Param('forumId') forumId: string, @Body() dto: InviteDto): Promise<InviteResultView> {
    const result = await this.invitations.invite(forumId, dto.organisationIds);
    return { added: result.added.map(toInvitationView), alreadyInvited: result.alreadyInvited };
  }

  @Delete(':organisationId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Withdraw an invitation' })
  @ApiNoContentResponse()
  @ApiProblems(401, 403, 404)
  async uninvite(@Param('forumId') forumId: string, @Param('organisationId', IdPipe) organisationId: string): Promise<void> {
    await this.invitations.uninvite(forumId, organisationId);
  }
}
