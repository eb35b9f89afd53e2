import { createRequire } from 'node:module';
import { Injectable } from '@nestjs/common';
import type Holidays from 'date-holidays';
import { DateTime } from 'luxon';
import type { Locale } from '../common/locale';
import { PARIS, SEOUL } from '../common/time';

export const HOLIDAY_COUNTRIES = { FR: PARIS, KR: SEOUL } as const;
export type HolidayCountry = keyof typeof HOLIDAY_COUNTRIES;

/** A public holiday as local dates of its country, first and last day inclusive. */
export interface Holiday {
  country: HolidayCountry;
  name: string;
  startDate: string;
  endDate: string;
}

// date-holidays anchors Seollal's three days on the lunar new year's day itself, so its span
// runs one day late (2025: 29–31 January instead of 28–30). Its own data notes the flaw; the
// holiday is the day before, the day, and the day after.
const SEOLLAL_RULE = /^korean 01-0-01 P3D/;

/**
 * date-holidays, loaded on first use: with its data, moment-timezone and astronomia it holds about
 * 19 MB of heap, which the worker (it never shows a date poll) would carry for nothing.
 */
let holidaysClass: typeof Holidays | undefined;
function loadHolidays(): typeof Holidays {
  holidaysClass ??= createRequire(__filename)('date-holidays') as typeof Holidays;
  return holidaysClass;
}

/** Public holidays of France and Korea, lunar ones included, from the date-holidays data. */
@Injectable()
export class HolidayCalendar {
  private readonly calendars = new Map<HolidayCountry, Holidays>();
  private readonly cache = new Map<string, Holiday[]>();

  /** Holidays with at least one day in [from, to] (local dates, inclusive). */
  between(from: string, to: string, locale: Locale): Holiday[] {
    const firstYear = Number(from.slice(0, 4)) - 1;
    const lastYear = Number(to.slice(0, 4));
    const found: Holiday[] = [];
    for (const country of Object.keys(HOLIDAY_COUNTRIES) as HolidayCountry[]) {
      for (let year = firstYear; year <= lastYear; year += 1) {
        found.push(...this.ofYear(country, year, locale).filter((h) => h.startDate <= to && h.endDate >= from));
      }
    }
    return found.sort((a, b) => a.startDate.localeCompare(b.startDate) || a.country.localeCompare(b.country));
  }

  private ofYear(country: HolidayCountry, year: number, locale: Locale): Holiday[] {
    const key = `${country}|${year}|${locale}`;
    let holidays = this.cache.get(key);
    if (!holidays) {
      const zone = HOLIDAY_COUNTRIES[country];
      holidays = this.calendar(country)
        .getHolidays(year, locale)
        .filter((h) => h.type === 'public')
        .map((h) => {
          // Spans come as instants in the country's zone: read them back as its local dates.
          let start = DateTime.fromJSDate(h.start, { zone }).startOf('day');
          let end = DateTime.fromJSDate(h.end, { zone }).minus({ milliseconds: 1 }).startOf('day');
          if (country === 'KR' && SEOLLAL_RULE.test(h.rule)) {
            start = start.minus({ days: 1 });
            end = end.minus({ days: 1 });
          }
          return { country, name: h.name, startDate: start.toISODate() as string, endDate: end.toISODate() as string };
        });
      this.cache.set(key, holidays);
    }
    return holidays;
  }

  private calendar(country: HolidayCountry): Holidays {
    let calendar = this.calendars.get(country);
    if (!calendar) {
      const HolidaysOfCountry = loadHolidays();
      calendar = new HolidaysOfCountry(country, { types: ['public'] });
      this.calendars.set(country, calendar);
    }
    return calendar;
  }
}
