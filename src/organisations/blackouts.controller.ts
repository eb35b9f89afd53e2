import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AllowAuthority } from '../access/access.decorators';
import { IdPipe } from '../common/id.pipe';
import { ApiProblems } from '../common/problem.view';
import { BlackoutsService } from './blackouts.service';
import { CreateBlackoutDto, UpdateBlackoutDto } from './dto/blackout.dto';
import { BlackoutView, toBlackoutView } from './organisation.views';

/** Dates to avoid, which each authority may keep for itself through its magic link. */
@ApiTags('organisations')
@ApiBearerAuth()
@AllowAuthority({ organisationParam: 'organisationId' })
@Controller('organisations/:organisationId/blackouts')
export class BlackoutsController {
  constructor(private readonly blackouts: BlackoutsService) {}

  @Get()
  @ApiOperation({ summary: "An organisation's dates to avoid" })
  @ApiOkResponse({ type: [BlackoutView] })
  @ApiProblems(401, 403, 404)
  async list(@Param('organisationId', IdPipe) organisationId: string): Promise<BlackoutView[]> {
    return (await this.blackouts.list(organisationId)).map(toBlackoutView);
  }

  @Post()
  @ApiOperation({ summary: 'Add dates to avoid, with a reason' })
  @ApiCreatedResponse({ type: BlackoutView })
  @ApiProblems(400, 401, 403, 404)
  async create(@Param('organisationId', IdPipe) organisationId: string, @Body() dto: CreateBlackoutDto): Promise<BlackoutView> {
    return toBlackoutView(await this.blackouts.create(organisationId, dto));
  }

  @Patch(':blackoutId')
  @ApiOperation({ summary: 'Change dates to avoid' })
  @ApiOkResponse({ type: BlackoutView })
  @ApiProblems(400, 401, 403, 404)
  async update(
    @Param('organisationId', IdPipe) organisationId: string,
    @Param('blackoutId', IdPipe) blackoutId: string,
    @Body() dto: UpdateBlackoutDto,
  ): Promise<BlackoutView> {
    return toBlackoutView(await this.blackouts.update(organisationId, blackoutId, dto));
  }

  @Delete(':blackoutId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove dates to avoid' })
  @ApiNoContentResponse()
  @ApiProblems(401, 403, 404)
  async remove(@Param('organisationId', IdPipe) organisationId: string, @Param('blackoutId', IdPipe) blackoutId: string): Promise<void> {
    await this.blackouts.remove(organisationId, blackoutId);
  }
}
