import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { IdPipe } from '../common/id.pipe';
import { ApiProblems } from '../common/problem.view';
import { Public } from '../access/access.decorators';
import { AccessLinksService } from './access-links.service';
import { AccessLinkRequestDto, ListAccessLinksQuery } from './dto/auth.dto';
import { AccessLinkView, toAccessLinkView } from './dto/auth.views';

@ApiTags('auth')
@ApiBearerAuth()
@Controller('access-links')
export class AccessLinksController {
  constructor(private readonly accessLinks: AccessLinksService) {}

  @Post()
  @Public()
  @HttpCode(202)
  @ApiOperation({
    summary: 'Ask for a magic link to your organisation’s registration',
    description:
      'Always 202 with the same body, as fast whatever the address: the attempt is counted (5 per email, 20 per client address a quarter hour), and a link is emailed after the answer, only if the address belongs to a contact of an organisation invited to the edition. The link’s token is a bearer token scoped to that organisation and edition, and opens nothing once the organisation is no longer invited. 503 when the counts cannot be kept (Redis down).',
  })
  @ApiAcceptedResponse({ description: 'If the address is known for this edition, a link is on its way.' })
  @ApiProblems(400, 429, 503)
  async request(@Body() dto: AccessLinkRequestDto, @Req() request: FastifyRequest): Promise<{ status: string }> {
    await this.accessLinks.request(dto.email, dto.forumId, request.ip);
    return { status: 'If this address belongs to an invited organisation, a link is on its way.' };
  }

  @Get()
  @ApiOperation({ summary: 'Magic links issued (never their secrets)' })
  @ApiOkResponse({ type: [AccessLinkView] })
  @ApiProblems(400, 401, 403)
  async list(@Query() query: ListAccessLinksQuery): Promise<AccessLinkView[]> {
    return (await this.accessLinks.list(query)).map(toAccessLinkView);
  }

  @Delete(':accessLinkId')
  @ApiOperation({
    summary: 'Revoke a magic link, at once, with the links of the contacts its holder added',
    description:
      'Whoever held the link may have added contacts (or changed their address) and asked links for them: those links are revoked too, and theirs in turn.',
  })
  @ApiOkResponse({ type: AccessLinkView })
  @ApiProblems(401, 403, 404)
  async revoke(@Param('accessLinkId', IdPipe) accessLinkId: string): Promise<AccessLinkView> {
    return toAccessLinkView(await this.accessLinks.revoke(accessLinkId));
  }
}
