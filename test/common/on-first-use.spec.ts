import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { onFirstUse } from '../../src/common/on-first-use';
import { sourceFiles } from '../support/source-files';

/**
 * Libraries only one role or one rare request needs: the API keeps them out of its heap until
 * then, so no source file may import them by value (that would load them at start-up again).
 */
const LOADED_ON_FIRST_USE = ['exceljs', 'nodemailer', 'date-holidays'];

/** True when `text` imports or requires `library` by value, not as types only. */
function importsByValue(text: string, library: string): boolean {
  return new RegExp(String.raw`(?:import(?!\s+type\b)[^;]*?from\s*|import\s*\(\s*|require\s*\(\s*)['"]${library}['"]`).test(text);
}

describe('onFirstUse', () => {
  it('loads nothing until first called, then the same module every time', () => {
    const missing = onFirstUse<unknown>('passerelle-no-such-library');
    expect(() => missing()).toThrow(/Cannot find module 'passerelle-no-such-library'/);
    const os = onFirstUse<typeof import('node:os')>('node:os');
    expect(os().EOL).toBe('\n');
    expect(os()).toBe(os());
  });

  it('is the only way src/ reaches the libraries it is for', () => {
    const src = join(__dirname, '..', '..', 'src');
    const byValue = sourceFiles(src).flatMap((file) => {
      const text = readFileSync(file, 'utf8');
      return LOADED_ON_FIRST_USE.filter((library) => importsByValue(text, library)).map((library) => `${relative(src, file)}: ${library}`);
    });
    expect(byValue).toEqual([]);
  });

  it('tells an import by value from a type import', () => {
    expect(importsByValue("import ExcelJS from 'exceljs';", 'exceljs')).toBe(true);
    expect(importsByValue("import { createTransport } from 'nodemailer';", 'nodemailer')).toBe(true);
    expect(importsByValue("const h = require('date-holidays');", 'date-holidays')).toBe(true);
    expect(importsByValue("import type ExcelJS from 'exceljs';", 'exceljs')).toBe(false);
    expect(importsByValue("import type * as Nodemailer from 'nodemailer';", 'nodemailer')).toBe(false);
  });
});
