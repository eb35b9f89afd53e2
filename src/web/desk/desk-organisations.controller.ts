import { Body, Get, Param, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ForeignKeyConstraintViolationException } from '@mikro-orm/core';
import { IdPipe } from '../../common/id.pipe';
import { LOCALES } from '../../common/locale';
import { PageQuery } from '../../common/pagination';
import { CreateContactDto, UpdateContactDto } from '../../organisations/dto/contact.dto';
import { CreateOrganisationDto, ListOrganisationsQuery, UpdateOrganisationDto } from '../../organisations/dto/organisation.dto';
import { ContactsService } from '../../organisations/contacts.service';
import type { Contact } from '../../organisations/contact.entity';
import { ORGANISATION_KINDS, type Organisation } from '../../organisations/organisation.entity';
import { fullName } from '../../organisations/organisation.views';
import { OrganisationsService } from '../../organisations/organisations.service';
import { Page, type PageContext } from '../page-context';
import { organisationName } from '../../organisations/organisation.views';
import { text } from '../page-forms';
import { OrganiserPage } from '../page.guard';
import { EMPTY_FORM, type FormState } from '../page-renderer.service';
import type { FormBody } from '../web-http';
import { checkForm, count, typed } from './desk-forms';
import { DeskPages } from './desk-pages.service';
import { DeskController } from './desk-problem.filter';
import type { FormFields } from './desk-refusals';

const PER_PAGE = 25;
const ORGANISATION_FORM: FormFields = {
  scope: 'organisation',
  names: ['name', 'nameKo', 'country', 'kind', 'population', 'website', 'defaultLocale'],
};
const CONTACT_FORM: FormFields = {
  scope: 'contact',
  names: ['firstName', 'lastName', 'function', 'email', 'phone', 'locale', 'wantsDigest'],
};

function organisationPayload(body: FormBody): Record<string, unknown> {
  const optional = (name: string) => text(body[name]).trim() || null;
  return {
    name: text(body.name).trim(),
    nameKo: optional('nameKo'),
    country: text(body.country).trim().toUpperCase(),
    kind: text(body.kind),
    population: count(body.population),
    website: optional('website'),
    defaultLocale: text(body.defaultLocale) || undefined,
  };
}

function organisationValues(organisation: Organisation): Record<string, string> {
  return {
    name: organisation.name,
    nameKo: organisation.nameKo ?? '',
    country: organisation.country,
    kind: organisation.kind,
    population: organisation.population === null ? '' : String(organisation.population),
    website: organisation.website ?? '',
    defaultLocale: organisation.defaultLocale,
  };
}

function contactPayload(body: FormBody): Record<string, unknown> {
  const optional = (name: string) => text(body[name]).trim() || null;
  return {
    firstName: text(body.firstName),
    lastName: text(body.lastName),
    function: optional('function'),
    email: text(body.email).trim(),
    phone: optional('phone'),
    locale: text(body.locale) || undefined,
    wantsDigest: text(body.wantsDigest) === 'true',
  };
}

function contactValues(contact: Contact): Record<string, string> {
  return {
    firstName: contact.firstName,
    lastName: contact.lastName,
    function: contact.function ?? '',
    email: contact.email,
    phone: contact.phone ?? '',
    locale: contact.locale,
    wantsDigest: contact.wantsDigest ? 'true' : '',
  };
}

export function organisationPath(organisation: { id: string }, rest = ''): string {
  return `/desk/organisations/${organisation.id}${rest}`;
}

/**
 * Organisations and their contacts, outside any edition: found by a part of their name in Latin
 * or Korean script, created, edited, archived; contacts added, edited and removed.
 */
@DeskController('desk/organisations')
export class DeskOrganisationsController {
  constructor(
    private readonly pages: DeskPages,
    private readonly organisations: OrganisationsService,
    private readonly contacts: ContactsService,
  ) {}

  @Get()
  @OrganiserPage('viewer')
  async list(@Query() query: Record<string, unknown>, @Page() page: PageContext, @Res() reply: FastifyReply): Promise<void> {
    const t = (key: string, params: Record<string, unknown> = {}) => this.pages.t(page.locale, key, params);
    const q = text(query.q).trim().slice(0, 200);
    const country = /^[A-Za-z]{2}$/.test(text(query.country)) ? text(query.country).toUpperCase() : '';
    const archived = text(query.archived) === 'true';
    const number = /^\d{1,6}$/.test(text(query.page)) && Number(text(query.page)) > 0 ? Number(text(query.page)) : 1;
    const found = await this.organisations.list(
      Object.assign(new ListOrganisationsQuery(), {
        q: q || undefined,
        country: country || undefined,
        archived,
        page: number,
        perPage: PER_PAGE,
      }),
    );
    const pages = Math.max(1, Math.ceil(found.total / PER_PAGE));
    const link = (n: number) =>
      `/desk/organisations?${new URLSearchParams({ q, country, ...(archived ? { archived: 'true' } : {}), page: String(n) }).toString()}`;
    const regions = new Intl.DisplayNames([page.locale], { type: 'region' });
    await this.pages.render(reply, 'desk/organisations', page, {
      section: 'organisations',
      title: t('organisations.title'),
      data: {
        q,
        country,
        archived,
        total: found.total,
        countries: ['FR', 'KR'].map((value) => ({ value, label: regions.of(value) ?? value })),
        organisations: found.items.map((organisation) => ({
          name: organisationName(organisation, page.locale),
          otherName: page.locale === 'ko' && organisation.nameKo ? organisation.name : organisation.nameKo,
          country: regions.of(organisation.country) ?? organisation.country,
          kind: t(`organisations.kinds.${organisation.kind}`),
          path: organisationPath(organisation),
        })),
        pageLabel: t('common.page', { page: number, pages }),
        previous: number > 1 ? link(number - 1) : null,
        next: number < pages ? link(number + 1) : null,
      },
    });
  }

  @Get('new')
  @OrganiserPage('organiser')
  async newOrganisation(@Page() page: PageContext, @Res() reply: FastifyReply): Promise<void> {
    await this.organisationForm(reply, page, undefined, {
      ...EMPTY_FORM,
      values: { country: 'KR', kind: 'district', defaultLocale: 'ko' },
    });
  }

  @Post()
  @OrganiserPage('organiser')
  async create(@Body() body: FormBody, @Page() page: PageContext, @Res() reply: FastifyReply): Promise<void> {
    const values = typed(body);
    const checked = await checkForm(CreateOrganisationDto, organisationPayload(body), body, this.organisationCheck(page));
    if (!checked.ok) {
      await this.organisationForm(
        reply,
        page,
        undefined,
        this.pages.formState(values, checked.errors, ORGANISATION_FORM, page.locale),
        400,
      );
      return;
    }
    let organisation: Organisation;
    try {
      organisation = await this.organisations.create(checked.value);
    } catch (error) {
      await this.organisationForm(reply, page, undefined, this.pages.refusal(error, values, ORGANISATION_FORM, page.locale), 400);
      return;
    }
    await reply.redirect(`${organisationPath(organisation)}?done=created`, 303);
  }

  @Get(':organisationId')
  @OrganiserPage('viewer')
  async show(
    @Param('organisationId', IdPipe) organisationId: string,
    @Page() page: PageContext,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const organisation = await this.organisations.get(organisationId);
    await this.organisationForm(reply, page, organisation, { ...EMPTY_FORM, values: organisationValues(organisation) });
  }

  @Post(':organisationId')
  @OrganiserPage('organiser')
  async update(
    @Param('organisationId', IdPipe) organisationId: string,
    @Body() body: FormBody,
    @Page() page: PageContext,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const organisation = await this.organisations.get(organisationId);
    const values = typed(body);
    const checked = await checkForm(UpdateOrganisationDto, organisationPayload(body), body, this.organisationCheck(page));
    if (!checked.ok) {
      await this.organisationForm(
        reply,
        page,
        organisation,
        this.pages.formState(values, checked.errors, ORGANISATION_FORM, page.locale),
        400,
      );
      return;
    }
    try {
      await this.organisations.update(organisationId, checked.value);
    } catch (error) {
      await this.organisationForm(reply, page, organisation, this.pages.refusal(error, values, ORGANISATION_FORM, page.locale), 400);
      return;
    }
    await reply.redirect(`${organisationPath(organisation)}?done=saved`, 303);
  }

  @Post(':organisationId/archive')
  @OrganiserPage('organiser')
  async archive(@Param('organisationId', IdPipe) organisationId: string, @Res() reply: FastifyReply): Promise<void> {
    const organisation = await this.organisations.setArchived(organisationId, true);
    await reply.redirect(`${organisationPath(organisation)}?done=archived`, 303);
  }

  @Post(':organisationId/unarchive')
  @OrganiserPage('organiser')
  async unarchive(@Param('organisationId', IdPipe) organisationId: string, @Res() reply: FastifyReply): Promise<void> {
    const organisation = await this.organisations.setArchived(organisationId, false);
    await reply.redirect(`${organisationPath(organisation)}?done=unarchived`, 303);
  }

  @Post(':organisationId/contacts')
  @OrganiserPage('organiser')
  async addContact(
    @Param('organisationId', IdPipe) organisationId: string,
    @Body() body: FormBody,
    @Page() page: PageContext,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const organisation = await this.organisations.get(organisationId);
    const values = typed(body);
    const checked = await checkForm(CreateContactDto, contactPayload(body), body, {
      localize: this.pages.constraint(page.locale),
      form: CONTACT_FORM,
    });
    if (!checked.ok) {
      await this.organisationForm(
        reply,
        page,
        organisation,
        { ...EMPTY_FORM, values: organisationValues(organisation) },
        400,
        this.pages.formState(values, checked.errors, CONTACT_FORM, page.locale),
      );
      return;
    }
    try {
      await this.contacts.create(organisationId, checked.value);
    } catch (error) {
      await this.organisationForm(
        reply,
        page,
        organisation,
        { ...EMPTY_FORM, values: organisationValues(organisation) },
        400,
        this.pages.refusal(error, values, CONTACT_FORM, page.locale),
      );
      return;
    }
    await reply.redirect(`${organisationPath(organisation)}?done=contactAdded#contacts`, 303);
  }

  @Get(':organisationId/contacts/:contactId/edit')
  @OrganiserPage('organiser')
  async editContact(
    @Param('organisationId', IdPipe) organisationId: string,
    @Param('contactId', IdPipe) contactId: string,
    @Page() page: PageContext,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const contact = await this.contacts.get(organisationId, contactId);
    await this.contactForm(reply, page, contact, { ...EMPTY_FORM, values: contactValues(contact) });
  }

  @Post(':organisationId/contacts/:contactId')
  @OrganiserPage('organiser')
  async updateContact(
    @Param('organisationId', IdPipe) organisationId: string,
    @Param('contactId', IdPipe) contactId: string,
    @Body() body: FormBody,
    @Page() page: PageContext,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const contact = await this.contacts.get(organisationId, contactId);
    const values = typed(body);
    const checked = await checkForm(UpdateContactDto, contactPayload(body), body, {
      localize: this.pages.constraint(page.locale),
      form: CONTACT_FORM,
    });
    if (!checked.ok) {
      await this.contactForm(reply, page, contact, this.pages.formState(values, checked.errors, CONTACT_FORM, page.locale), 400);
      return;
    }
    try {
      await this.contacts.update(organisationId, contactId, checked.value);
    } catch (error) {
      await this.contactForm(reply, page, contact, this.pages.refusal(error, values, CONTACT_FORM, page.locale), 400);
      return;
    }
    await reply.redirect(`${organisationPath({ id: organisationId })}?done=saved#contacts`, 303);
  }

  @Get(':organisationId/contacts/:contactId/delete')
  @OrganiserPage('organiser')
  async confirmRemoveContact(
    @Param('organisationId', IdPipe) organisationId: string,
    @Param('contactId', IdPipe) contactId: string,
    @Page() page: PageContext,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const contact = await this.contacts.get(organisationId, contactId);
    await this.removeContactPage(reply, page, await this.organisations.get(organisationId), contact, null, 200);
  }

  @Post(':organisationId/contacts/:contactId/delete')
  @OrganiserPage('organiser')
  async removeContact(
    @Param('organisationId', IdPipe) organisationId: string,
    @Param('contactId', IdPipe) contactId: string,
    @Page() page: PageContext,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const organisation = await this.organisations.get(organisationId);
    const contact = await this.contacts.get(organisationId, contactId);
    try {
      await this.contacts.remove(organisationId, contactId);
    } catch (error) {
      // A delegate of an edition: the delegation and the participant lists still need the person.
      if (error instanceof ForeignKeyConstraintViolationException) {
        await this.removeContactPage(reply, page, organisation, contact, this.pages.t(page.locale, 'contacts.inUse'), 409);
        return;
      }
      throw error;
    }
    await reply.redirect(`${organisationPath({ id: organisationId })}?done=contactRemoved#contacts`, 303);
  }

  private organisationCheck(page: PageContext) {
    return {
      localize: this.pages.constraint(page.locale),
      form: ORGANISATION_FORM,
      wholeNumbers: { names: ['population'], message: this.pages.t(page.locale, 'validation.notWhole') },
    };
  }

  private async removeContactPage(
    reply: FastifyReply,
    page: PageContext,
    organisation: Organisation,
    contact: Contact,
    refusal: string | null,
    status: number,
  ): Promise<void> {
    const t = (key: string, params: Record<string, unknown> = {}) => this.pages.t(page.locale, key, params);
    const name = fullName(contact.firstName, contact.lastName);
    await this.pages.render(reply, 'desk/confirm', page, {
      section: 'organisations',
      title: t('contacts.deleteTitle', { name }),
      status,
      data: {
        refusal,
        text: t('contacts.deleteText', { name, organisation: organisationName(organisation, page.locale) }),
        button: t('contacts.deleteConfirm'),
        action: organisationPath(organisation, `/contacts/${contact.id}/delete`),
        back: `${organisationPath(organisation)}#contacts`,
      },
    });
  }

  private async organisationForm(
    reply: FastifyReply,
    page: PageContext,
    organisation: Organisation | undefined,
    form: FormState,
    status = 200,
    contactForm?: FormState,
  ): Promise<void> {
    const t = (key: string, params: Record<string, unknown> = {}) => this.pages.t(page.locale, key, params);
    const contacts = organisation
      ? (await this.contacts.list(organisation.id, Object.assign(new PageQuery(), { perPage: 100 }))).items.filter(
          (contact) => !contact.erasedAt,
        )
      : [];
    const options = {
      kinds: ORGANISATION_KINDS.map((value) => ({ value, label: t(`organisations.kinds.${value}`) })),
      locales: LOCALES.map((value) => ({ value, label: t(`common.${value}`) })),
    };
    await this.pages.render(reply, 'desk/organisation', page, {
      section: 'organisations',
      title: organisation ? organisationName(organisation, page.locale) : t('organisations.newTitle'),
      status,
      data: {
        form,
        contactForm: contactForm ?? { ...EMPTY_FORM, values: { locale: organisation?.defaultLocale ?? 'fr' } },
        ...options,
        organisation: organisation
          ? {
              archived: organisation.archivedAt !== null,
              archivePath: organisationPath(organisation, '/archive'),
              unarchivePath: organisationPath(organisation, '/unarchive'),
              contactAction: organisationPath(organisation, '/contacts'),
            }
          : null,
        action: organisation ? organisationPath(organisation) : '/desk/organisations',
        back: '/desk/organisations',
        contacts: contacts.map((contact) => {
          const name = fullName(contact.firstName, contact.lastName);
          return {
            name,
            function: contact.function,
            email: contact.email,
            phone: contact.phone,
            language: t(`common.${contact.locale}`),
            editPath: organisationPath(contact.organisation, `/contacts/${contact.id}/edit`),
            deletePath: organisationPath(contact.organisation, `/contacts/${contact.id}/delete`),
            editLabel: t('contacts.editLabel', { name }),
            deleteLabel: t('contacts.deleteLabel', { name }),
          };
        }),
      },
    });
  }

  private async contactForm(reply: FastifyReply, page: PageContext, contact: Contact, form: FormState, status = 200): Promise<void> {
    const t = (key: string, params: Record<string, unknown> = {}) => this.pages.t(page.locale, key, params);
    await this.pages.render(reply, 'desk/contact-form', page, {
      section: 'organisations',
      title: t('contacts.editTitle', { name: fullName(contact.firstName, contact.lastName) }),
      status,
      data: {
        form,
        locales: LOCALES.map((value) => ({ value, label: t(`common.${value}`) })),
        action: organisationPath(contact.organisation, `/contacts/${contact.id}`),
        back: `${organisationPath(contact.organisation)}#contacts`,
      },
    });
  }
}
