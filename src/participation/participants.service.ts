import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import type ExcelJS from 'exceljs';
import { csvCell, spreadsheetCell } from '../common/escape';
import { pickLocale } from '../common/locale';
import { onFirstUse } from '../common/on-first-use';
import { ACTIVE_STATUSES, isActive } from '../common/registration-status';
import { ForumsService } from '../forums/forums.service';
import { ThemesService } from '../forums/themes.service';
import { Enrolment } from './enrolment.entity';
import { HostOffersService } from './host-offers.service';
import { Delegate, type HostOffer } from './registration.entity';

export const PARTICIPANT_COLUMNS = [
  'Organisme',
  'Prénom',
  'Nom',
  'Fonction',
  'Rôle',
  'Email',
  'Visites',
  'Interprétation',
  'Régime alimentaire',
  'Accessibilité',
  'Remarques',
  'Thèmes',
  'Offre d’accueil',
] as const;
const ROLE_LABELS: Record<string, string> = { elected_official: 'Élu·e', staff: 'Services', other: 'Autre' };
export const EXCUSED_HEADING = 'Excusés';

/** exceljs (with its zip libraries, some 9 MB of heap) waits for the first spreadsheet asked for. */
const loadExcel = onFirstUse<typeof ExcelJS>('exceljs');

/** A host offer in one cell, as the minutes would write it. */
function offerText(offer: HostOffer | undefined, themeTitles: Map<string, string>): string {
  if (!offer) {
    return '';
  }
  const dates =
    offer.availableFrom && offer.availableTo
      ? `du ${offer.availableFrom} au ${offer.availableTo}`
      : (offer.availableFrom ?? offer.availableTo ?? '');
  const themes = offer.themeIds
    .map((id) => themeTitles.get(id))
    .filter(Boolean)
    .join(', ');
  return [`${offer.visitors} visiteurs`, dates, themes ? `thèmes : ${themes}` : '', offer.description].filter(Boolean).join(' · ');
}

export interface ParticipantSheet {
  present: string[][];
  excused: string[][];
}

/** The participant list as the minutes print it: Organisme, Prénom, Nom, Fonction…, then the excused. */
@Injectable()
export class ParticipantsService {
  constructor(
    private readonly em: EntityManager,
    private readonly forums: ForumsService,
    private readonly themes: ThemesService,
    private readonly offers: HostOffersService,
  ) {}

  async sheet(forumRef: string): Promise<ParticipantSheet> {
    const forum = await this.forums.get(forumRef, true);
    // Those taking part, and those excused, listed apart ("qui est excusé").
    const delegates = await this.em.find(
      Delegate,
      { registration: { forum, status: { $in: [...ACTIVE_STATUSES, 'excused'] } } },
      { populate: ['contact', 'registration.organisation'] },
    );
    const enrolments = delegates.length
      ? await this.em.find(
          Enrolment,
          { delegate: { $in: delegates }, session: { kind: 'field_visit', status: 'published' } },
          { populate: ['session'], orderBy: { session: { startsAt: 'asc' } } },
        )
      : [];
    const rankings = await this.themes.rankings(forum.id);
    const offers = new Map((await this.offers.list(forum.id)).map((offer) => [offer.registration.id, offer]));
    const themeTitles = new Map((await this.themes.list(forum.id)).map((theme) => [theme.id, pickLocale(theme.title, 'fr')]));
    const row = (d: Delegate): string[] => [
      d.registration.organisation.name,
      d.contact.firstName,
      d.contact.lastName,
      d.printedFunction ?? d.contact.function ?? '',
      ROLE_LABELS[d.role],
      d.contact.email,
      enrolments
        .filter((e) => e.delegate.id === d.id)
        .map((e) => `${pickLocale(e.session.title, 'fr')}${e.status === 'waitlisted' ? " (liste d'attente)" : ''}`)
        .join('; '),
      d.needsInterpretation ? 'oui' : 'non',
      d.dietaryNotes ?? '',
      d.accessNotes ?? '',
      d.registration.notes ?? '',
      (rankings.get(d.registration.organisation.id) ?? [])
        .map((theme, index) => `${index + 1}. ${pickLocale(theme.title, 'fr')}`)
        .join('; '),
      offerText(offers.get(d.registration.id), themeTitles),
    ];
    const sorted = delegates.sort(
      (a, b) =>
        a.registration.organisation.name.localeCompare(b.registration.organisation.name, 'fr') ||
        a.contact.lastName.localeCompare(b.contact.lastName, 'fr'),
    );
    return {
      present: sorted.filter((d) => isActive(d.registration.status)).map(row),
      excused: sorted.filter((d) => !isActive(d.registration.status)).map(row),
    };
  }

  csv(sheet: ParticipantSheet): string {
    const lines = [PARTICIPANT_COLUMNS.join(','), ...sheet.present.map((r) => r.map(csvCell).join(','))];
    if (sheet.excused.length > 0) {
      lines.push('', EXCUSED_HEADING, ...sheet.excused.map((r) => r.map(csvCell).join(',')));
    }
    // A byte-order mark so that spreadsheet programs read the accents and Hangul as UTF-8.
    return `\ufeff${lines.join('\r\n')}\r\n`;
  }

  async xlsx(sheet: ParticipantSheet): Promise<Buffer> {
    const workbook = new (loadExcel().Workbook)();
    const worksheet = workbook.addWorksheet('Participants');
    worksheet.addRow([...PARTICIPANT_COLUMNS]).font = { bold: true };
    sheet.present.forEach((r) => worksheet.addRow(r.map(spreadsheetCell)));
    if (sheet.excused.length > 0) {
      worksheet.addRow([]);
      worksheet.addRow([EXCUSED_HEADING]).font = { bold: true };
      sheet.excused.forEach((r) => worksheet.addRow(r.map(spreadsheetCell)));
    }
    worksheet.columns.forEach((column) => (column.width = 24));
    return Buffer.from(await workbook.xlsx.writeBuffer());
  }
}
