import { Body, Controller, Delete, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { IdPipe } from '../common/id.pipe';
import { ApiPageResponse, Page, PageQuery } from '../common/pagination';
import { ApiProblems } from '../common/problem.view';
import { RequireRole } from '../access/access.decorators';
import { AccountsService } from './accounts.service';
import { CreateUserDto, UpdateUserDto } from './dto/auth.dto';
import { TokenView, toTokenView, toUserView, UserView } from './dto/auth.views';

/** Admins manage the organisers' accounts. */
@ApiTags('auth')
@ApiBearerAuth()
@RequireRole('admin')
@Controller('users')
export class UsersController {
  constructor(private readonly accounts: AccountsService) {}

  @Get()
  @ApiOperation({ summary: 'List accounts' })
  @ApiPageResponse(UserView)
  @ApiProblems(400, 401, 403)
  async list(@Query() query: PageQuery): Promise<Page<UserView>> {
    const page = await this.accounts.listUsers(query);
    return { ...page, items: page.items.map(toUserView) };
  }

  @Post()
  @ApiOperation({ summary: 'Create an account (admin, organiser or viewer)' })
  @ApiCreatedResponse({ type: UserView })
  @ApiProblems(400, 401, 403, 409)
  async create(@Body() dto: CreateUserDto): Promise<UserView> {
    return toUserView(await this.accounts.createUser(dto));
  }

  @Get(':userId')
  @ApiOperation({ summary: 'Read an account' })
  @ApiOkResponse({ type: UserView })
  @ApiProblems(401, 403, 404)
  async get(@Param('userId', IdPipe) userId: string): Promise<UserView> {
    return toUserView(await this.accounts.getUser(userId));
  }

  @Patch(':userId')
  @ApiOperation({ summary: 'Change an account: name, role, language, disabled' })
  @ApiOkResponse({ type: UserView })
  @ApiProblems(400, 401, 403, 404, 409)
  async update(@Param('userId', IdPipe) userId: string, @Body() dto: UpdateUserDto): Promise<UserView> {
    return toUserView(await this.accounts.updateUser(userId, dto));
  }

  @Get(':userId/tokens')
  @ApiOperation({ summary: "An account's tokens (never their secrets)" })
  @ApiOkResponse({ type: [TokenView] })
  @ApiProblems(401, 403, 404)
  async tokens(@Param('userId', IdPipe) userId: string): Promise<TokenView[]> {
    await this.accounts.getUser(userId);
    return (await this.accounts.listTokens(userId)).map(toTokenView);
  }

  @Delete(':userId/tokens/:tokenId')
  @ApiOperation({ summary: "Revoke an account's token, at once" })
  @ApiOkResponse({ type: TokenView })
  @ApiProblems(401, 403, 404)
  async revokeToken(@Param('userId', IdPipe) userId: string, @Param('tokenId', IdPipe) tokenId: string): Promise<TokenView> {
    return toTokenView(await this.accounts.revokeToken(userId, tokenId));
  }
}
