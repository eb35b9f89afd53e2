import { Injectable } from '@nestjs/common';
import type Holidays from 'date-holidays';
import { DateTime } from 'luxon';
import type { Locale } from '../common/locale';
import { onFirstUse } from '../common/on-first-use';
import { DATE_RANGE, PARIS, SEOUL } from '../common/time';

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

function cacheKey(country: HolidayCountry, year: number, locale: Locale): string {
  return `${country}|${year}|${locale}`;
}

/**
 * date-holidays, loaded on first use (the API's, while it starts: see `preload`): with its data,
 * moment-timezone and astronomia it holds about 19 MB of heap, which the worker (it never shows a
 * date poll) would carry for nothing.
 */
const loadHolidays = onFirstUse<typeof Holidays>('date-holidays');

// The years whose holidays are ever computed: those of the dates Passerelle takes (DATE_RANGE),
// a year either side for the periods that touch them. A year outside has none, so no stored date
// can send the lunar computations (some 20 ms a year) across centuries.
const FIRST_YEAR = Number(DATE_RANGE.first.slice(0, 4)) - 2;
const LAST_YEAR = Number(DATE_RANGE.last.slice(0, 4)) + 1;

const COUNTRIES = Object.keys(HOLIDAY_COUNTRIES) as HolidayCountry[];

/** The years [from, to] needs, within the years ever computed (a holiday of the year before can run into January). */
function yearsOf(from: string, to: string): number[] {
  const first = Math.max(FIRST_YEAR, Number(from.slice(0, 4)) - 1);
  const last = Math.min(LAST_YEAR, Number(to.slice(0, 4)));
  const years: number[] = [];
  for (let year = first; year <= last; year += 1) {
    years.push(year);
  }
  return years;
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Public holidays of France and Korea, lunar ones included, from the date-holidays data: each
 * year of each country computed once per language and kept (at most some 150 years × 2 × 3).
 */
@Injectable()
export class HolidayCalendar {
  private readonly calendars = new Map<HolidayCountry, Holidays>();
  private readonly cache = new Map<string, Holiday[]>();

  /**
   * Loads date-holidays and its two countries now: the one step (some 150 ms, more on a busy
   * machine) that cannot be cut into turns of the event loop. The API calls it while starting,
   * before it listens, so that the first date poll keeps no one waiting.
   */
  preload(): void {
    for (const country of COUNTRIES) {
      this.calendar(country);
    }
  }

  /**
   * Computes the years the ranges need that are not known yet, one year of one country per turn
   * of the event loop: a poll whose periods cover a century keeps other requests waiting no longer
   * than one year's computation. Call before `between` on a request's path.
   */
  async prepare(ranges: [from: string, to: string][], locale: Locale): Promise<void> {
    const years = new Set(ranges.flatMap(([from, to]) => yearsOf(from, to)));
    for (const year of [...years].sort((a, b) => a - b)) {
      for (const country of COUNTRIES) {
        if (!this.cache.has(cacheKey(country, year, locale))) {
          this.ofYear(country, year, locale);
          await nextTurn();
        }
      }
    }
  }

  /** Holidays with at least one day in [from, to] (local dates, inclusive). */
  between(from: string, to: string, locale: Locale): Holiday[] {
    const found: Holiday[] = [];
    for (const country of COUNTRIES) {
      for (const year of yearsOf(from, to)) {
        found.push(...this.ofYear(country, year, locale).filter((h) => h.startDate <= to && h.endDate >= from));
      }
    }
    return found.sort((a, b) => a.startDate.localeCompare(b.startDate) || a.country.localeCompare(b.country));
  }

  private ofYear(country: HolidayCountry, year: number, locale: Locale): Holiday[] {
    const key = cacheKey(country, year, locale);
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
