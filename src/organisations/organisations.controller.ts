import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AllowAuthority } from '../access/access.decorators';
import { IdPipe } from '../common/id.pipe';
import { ApiPageResponse, Page } from '../common/pagination';
import { ApiProblems } from '../common/problem.view';
import { CreateOrganisationDto, ListOrganisationsQuery, UpdateOrganisationDto } from './dto/organisation.dto';
import { OrganisationView, toOrganisationView } from './organisation.views';
import { OrganisationsService } from './organisations.service';

@ApiTags('organisations')
@ApiBearerAuth()
@Controller('organisations')
export class OrganisationsController {
  constructor(private readonly organisations: OrganisationsService) {}

  @Get()
  @ApiOperation({
    summary: 'List organisations',
    description: 'Filter by country, kind and name (Latin or Korean script); archived ones only with archived=true.',
  })
  @ApiPageResponse(OrganisationView)
  @ApiProblems(400, 401, 403)
  async list(@Query() query: ListOrganisationsQuery): Promise<Page<OrganisationView>> {
    const page = await this.organisations.list(query);
    return { ...page, items: page.items.map((o) => toOrganisationView(o)) };
  }

  @Post()
  @ApiOperation({ summary: 'Add an organisation' })
  @ApiCreatedResponse({ type: OrganisationView })
  @ApiProblems(400, 401, 403)
  async create(@Body() dto: CreateOrganisationDto): Promise<OrganisationView> {
    return toOrganisationView(await this.organisations.create(dto), []);
  }

  @Get(':organisationId')
  @AllowAuthority({ organisationParam: 'organisationId' })
  @ApiOperation({ summary: 'Read an organisation with its partners' })
  @ApiOkResponse({ type: OrganisationView })
  @ApiProblems(401, 403, 404)
  async get(@Param('organisationId', IdPipe) organisationId: string): Promise<OrganisationView> {
    const organisation = await this.organisations.get(organisationId);
    return toOrganisationView(organisation, await this.organisations.partnershipsOf(organisation));
  }

  @Patch(':organisationId')
  @ApiOperation({ summary: 'Change an organisation' })
  @ApiOkResponse({ type: OrganisationView })
  @ApiProblems(400, 401, 403, 404)
  async update(@Param('organisationId', IdPipe) organisationId: string, @Body() dto: UpdateOrganisationDto): Promise<OrganisationView> {
    return toOrganisationView(await this.organisations.update(organisationId, dto));
  }

  @Post(':organisationId/archive')
  @HttpCode(200)
  @ApiOperation({ summary: 'Archive an organisation (it keeps its history, leaves the lists)' })
  @ApiOkResponse({ type: OrganisationView })
  @ApiProblems(401, 403, 404)
  async archive(@Param('organisationId', IdPipe) organisationId: string): Promise<OrganisationView> {
    return toOrganisationView(await this.organisations.setArchived(organisationId, true));
  }

  @Post(':organisationId/unarchive')
  @HttpCode(200)
  @ApiOperation({ summary: 'Bring an archived organisation back' })
  @ApiOkResponse({ type: OrganisationView })
  @ApiProblems(401, 403, 404)
  async unarchive(@Param('organisationId', IdPipe) organisationId: string): Promise<OrganisationView> {
    return toOrganisationView(await this.organisations.setArchived(organisationId, false));
  }

  @Delete(':organisationId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete an organisation that never took part in an edition (otherwise 409: archive it)' })
  @ApiNoContentResponse()
  @ApiProblems(401, 403, 404, 409)
  async remove(@Param('organisationId', IdPipe) organisationId: string): Promise<void> {
    await this.organisations.remove(organisationId);
  }
}
