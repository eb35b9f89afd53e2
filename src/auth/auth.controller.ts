import { Body, Controller, Delete, Get, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { IdPipe } from '../common/id.pipe';
import { ApiProblems } from '../common/problem.view';
import { AllowAuthority, CurrentPrincipal, Public, RequireRole } from '../access/access.decorators';
import { AccountsService } from './accounts.service';
import { CreateTokenDto, SessionRequestDto, SignInLinkRequestDto } from './dto/auth.dto';
import { NewTokenView, PrincipalView, SignInSessionView, TokenView, toTokenView, toUserView } from './dto/auth.views';
import type { Principal } from '../access/principal';
import { SignInService } from './sign-in.service';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly signIn: SignInService) {}

  @Post('sign-in-links')
  @Public()
  @HttpCode(202)
  @ApiOperation({
    summary: 'Email a single-use sign-in link (15 minutes) to an organiser',
    description:
      'Always 202 with the same body, as fast whether or not the address has an account: the attempt is counted (5 per email, 20 per client address a quarter hour), and the lookup and the email happen after the answer. 503 when the counts cannot be kept (Redis down).',
  })
  @ApiAcceptedResponse({ description: 'If the address has an active account, a link is on its way.' })
  @ApiProblems(400, 429, 503)
  async requestLink(@Body() dto: SignInLinkRequestDto, @Req() request: FastifyRequest): Promise<{ status: string }> {
    await this.signIn.requestLink(dto.email, request.ip);
    return { status: 'If this address has an account, a sign-in link is on its way.' };
  }

  @Post('sessions')
  @Public()
  @ApiOperation({
    summary: 'Exchange a sign-in link for a personal token (30 days)',
    description: '30 attempts per client address a quarter hour; 503 when the counts cannot be kept (Redis down).',
  })
  @ApiCreatedResponse({ type: SignInSessionView })
  @ApiProblems(400, 401, 429, 503)
  async openSession(@Body() dto: SessionRequestDto, @Req() request: FastifyRequest): Promise<SignInSessionView> {
    const { token, secret, user } = await this.signIn.openSession(dto.token, request.ip);
    return { ...toTokenView(token), token: secret, user: toUserView(user) };
  }
}

@ApiTags('auth')
@ApiBearerAuth()
@Controller('me')
@RequireRole('viewer')
export class MeController {
  constructor(private readonly accounts: AccountsService) {}

  @Get()
  @AllowAuthority()
  @ApiOperation({ summary: 'Who the token belongs to' })
  @ApiOkResponse({ type: PrincipalView })
  @ApiProblems(401)
  whoAmI(@CurrentPrincipal() principal: Principal): PrincipalView {
    if (principal.kind === 'organiser') {
      return { kind: 'organiser', label: principal.label, role: principal.role, userId: principal.userId };
    }
    return {
      kind: 'authority',
      label: principal.label,
      organisationId: principal.organisationId,
      forumId: principal.forumId,
      contactId: principal.contactId,
    };
  }

  @Get('tokens')
  @ApiOperation({ summary: 'My personal tokens (never their secrets)' })
  @ApiOkResponse({ type: [TokenView] })
  @ApiProblems(401, 403)
  async tokens(@CurrentPrincipal() principal: Principal): Promise<TokenView[]> {
    const user = await this.accounts.userOf(principal);
    return (await this.accounts.listTokens(user.id)).map(toTokenView);
  }

  @Post('tokens')
  @ApiOperation({ summary: 'Create a personal token; its secret is shown this once' })
  @ApiCreatedResponse({ type: NewTokenView })
  @ApiProblems(400, 401, 403)
  async createToken(@CurrentPrincipal() principal: Principal, @Body() dto: CreateTokenDto): Promise<NewTokenView> {
    const user = await this.accounts.userOf(principal);
    const { token, secret } = await this.accounts.issueToken(user, dto.name.trim(), dto.expiresInDays);
    return { ...toTokenView(token), token: secret };
  }

  @Delete('tokens/:tokenId')
  @ApiOperation({ summary: 'Revoke one of my tokens, at once' })
  @ApiOkResponse({ type: TokenView })
  @ApiProblems(401, 403, 404)
  async revokeToken(@CurrentPrincipal() principal: Principal, @Param('tokenId', IdPipe) tokenId: string): Promise<TokenView> {
    const user = await this.accounts.userOf(principal);
    return toTokenView(await this.accounts.revokeToken(user.id, tokenId));
  }
}
