import { contentDisposition } from '../common/escape';

/** What goes with a calendar's bytes, whoever serves them (the handler or the cache). */
export function calendarHeaders(filename: string): Record<string, string> {
  return { 'content-type': 'text/calendar; charset=utf-8', 'content-disposition': contentDisposition('inline', filename) };
}
