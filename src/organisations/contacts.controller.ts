import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AllowAuthority, RequireRole } from '../access/access.decorators';
import { IdPipe } from '../common/id.pipe';
import { ApiPageResponse, Page, PageQuery } from '../common/pagination';
import { ApiProblems } from '../common/problem.view';
import { type ContactExport, ContactsService } from './contacts.service';
import { CreateContactDto, UpdateContactDto } from './dto/contact.dto';
import { ContactView, toContactView } from './organisation.views';

@ApiTags('organisations')
@ApiBearerAuth()
@Controller('organisations/:organisationId/contacts')
export class ContactsController {
  constructor(private readonly contacts: ContactsService) {}

  @Get()
  @AllowAuthority({ organisationParam: 'organisationId' })
  @ApiOperation({ summary: "List an organisation's contacts" })
  @ApiPageResponse(ContactView)
  @ApiProblems(400, 401, 403, 404)
  async list(@Param('organisationId', IdPipe) organisationId: string, @Query() query: PageQuery): Promise<Page<ContactView>> {
    const page = await this.contacts.list(organisationId, query);
    return { ...page, items: page.items.map(toContactView) };
  }

  @Post()
  @AllowAuthority({ organisationParam: 'organisationId' })
  @ApiOperation({ summary: 'Add a contact (email unique within the organisation, whatever its case)' })
  @ApiCreatedResponse({ type: ContactView })
  @ApiProblems(400, 401, 403, 404, 409)
  async create(@Param('organisationId', IdPipe) organisationId: string, @Body() dto: CreateContactDto): Promise<ContactView> {
    return toContactView(await this.contacts.create(organisationId, dto));
  }

  @Get(':contactId')
  @AllowAuthority({ organisationParam: 'organisationId' })
  @ApiOperation({ summary: 'Read a contact' })
  @ApiOkResponse({ type: ContactView })
  @ApiProblems(401, 403, 404)
  async get(@Param('organisationId', IdPipe) organisationId: string, @Param('contactId', IdPipe) contactId: string): Promise<ContactView> {
    return toContactView(await this.contacts.get(organisationId, contactId));
  }

  @Patch(':contactId')
  @AllowAuthority({ organisationParam: 'organisationId' })
  @ApiOperation({ summary: 'Change a contact' })
  @ApiOkResponse({ type: ContactView })
  @ApiProblems(400, 401, 403, 404, 409)
  async update(
    @Param('organisationId', IdPipe) organisationId: string,
    @Param('contactId', IdPipe) contactId: string,
    @Body() dto: UpdateContactDto,
  ): Promise<ContactView> {
    return toContactView(await this.contacts.update(organisationId, contactId, dto));
  }

  @Delete(':contactId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a contact' })
  @ApiNoContentResponse()
  @ApiProblems(401, 403, 404)
  async remove(@Param('organisationId', IdPipe) organisationId: string, @Param('contactId', IdPipe) contactId: string): Promise<void> {
    await this.contacts.remove(organisationId, contactId);
  }

  @Get(':contactId/export')
  @RequireRole('admin')
  @ApiOperation({ summary: 'Everything held on this person, as JSON (admins)' })
  @ApiOkResponse({ description: 'contact, organisation, access links, audit trail' })
  @ApiProblems(401, 403, 404)
  async export(
    @Param('organisationId', IdPipe) organisationId: string,
    @Param('contactId', IdPipe) contactId: string,
  ): Promise<ContactExport> {
    return this.contacts.export(organisationId, contactId);
  }

  @Post(':contactId/erase')
  @HttpCode(200)
  @RequireRole('admin')
  @ApiOperation({ summary: 'Anonymise this person, keeping counts and history consistent (admins)' })
  @ApiOkResponse({ type: ContactView })
  @ApiProblems(401, 403, 404)
  async erase(
    @Param('organisationId', IdPipe) organisationId: string,
    @Param('contactId', IdPipe) contactId: string,
  ): Promise<ContactView> {
    return toContactView(await this.contacts.erase(organisationId, contactId));
  }
}
