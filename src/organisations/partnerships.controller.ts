import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { IdPipe } from '../common/id.pipe';
import { ApiPageResponse, Page } from '../common/pagination';
import { ApiProblems } from '../common/problem.view';
import { CreatePartnershipDto, ListPartnershipsQuery, UpdatePartnershipDto } from './dto/partnership.dto';
import { PartnershipView, toPartnershipView } from './organisation.views';
import { PartnershipsService } from './partnerships.service';

@ApiTags('organisations')
@ApiBearerAuth()
@Controller('partnerships')
export class PartnershipsController {
  constructor(private readonly partnerships: PartnershipsService) {}

  @Get()
  @ApiOperation({ summary: 'List partnerships (of one organisation with organisationId)' })
  @ApiPageResponse(PartnershipView)
  @ApiProblems(400, 401, 403)
  async list(@Query() query: ListPartnershipsQuery): Promise<Page<PartnershipView>> {
    const page = await this.partnerships.list(query);
    return { ...page, items: page.items.map(toPartnershipView) };
  }

  @Post()
  @ApiOperation({ summary: 'Record a partnership between two organisations' })
  @ApiCreatedResponse({ type: PartnershipView })
  @ApiProblems(400, 401, 403, 409)
  async create(@Body() dto: CreatePartnershipDto): Promise<PartnershipView> {
    return toPartnershipView(await this.partnerships.create(dto));
  }

  @Get(':partnershipId')
  @ApiOperation({ summary: 'Read a partnership' })
  @ApiOkResponse({ type: PartnershipView })
  @ApiProblems(401, 403, 404)
  async get(@Param('partnershipId', IdPipe) partnershipId: string): Promise<PartnershipView> {
    return toPartnershipView(await this.partnerships.get(partnershipId));
  }

  @Patch(':partnershipId')
  @ApiOperation({ summary: 'Change a partnership' })
  @ApiOkResponse({ type: PartnershipView })
  @ApiProblems(400, 401, 403, 404, 409)
  async update(@Param('partnershipId', IdPipe) partnershipId: string, @Body() dto: UpdatePartnershipDto): Promise<PartnershipView> {
    return toPartnershipView(await this.partnerships.update(partnershipId, dto));
  }

  @Delete(':partnershipId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a partnership' })
  @ApiNoContentResponse()
  @ApiProblems(401, 403, 404)
  async remove(@Param('partnershipId', IdPipe) partnershipId: string): Promise<void> {
    await this.partnerships.remove(partnershipId);
  }
}
