import { domainToASCII } from 'node:url';
import { isEmailAddress } from '../../src/common/validators';

/** What the one email validator of the API lets in, and the look-alikes it keeps out. */
describe('Email addresses', () => {
  it.each([
    'c.millan@ville-issy.fr',
    'Inssafe@Cites-Unies-France.test',
    "o'brien+forum@mairie.example",
    'international@seoul.go.kr',
    'contact@élysée.fr',
    'info@서울시.kr',
    `info@${domainToASCII('서울시.kr')}`,
    'relations@中區.kr',
  ])('accepts %s', (address) => {
    expect(isEmailAddress(address)).toBe(true);
  });

  it.each([
    ['a quoted local part', '"a b"@x.fr'],
    ['a quoted local part without a space', '"ab"@x.fr'],
    ['a space', 'a b@x.fr'],
    ['a comment', 'a(maire)@x.fr'],
    ['a Cyrillic а among Latin letters', 'contact@pаypal.com'],
    ['the same as an A-label', `contact@${domainToASCII('pаypal.com')}`],
    ['a whole label in Cyrillic that reads as Latin', 'contact@аррӏе.com'],
    ['a Greek omicron', 'contact@gοogle.com'],
    ['full-width letters', 'contact@ｖｉｌｌｅ.fr'],
    ['a full-width local part', 'ｃ@ville.fr'],
    ['a zero-width space in the domain', 'contact@vil\u200ble.fr'],
    ['a zero-width joiner in the local part', 'con\u200dtact@ville.fr'],
    ['a soft hyphen', 'contact@vil\u00adle.fr'],
    ['a Hangul filler', 'info@\u3164서울.kr'],
    ['a right-to-left mark', 'contact@ville.fr\u200f'],
    ['a dotless i', 'contact@parıs.fr'],
    ['a decomposed accent', 'contact@e\u0301lysee.fr'],
    ['accented Latin beside Hangul in one label', 'info@é서울.kr'],
    ['a non-ASCII local part', 'pаul@ville.fr'],
    ['an undecodable A-label', 'contact@xn--zz.fr'],
    ['no domain dot', 'contact@localhost'],
    ['a numeric top-level domain', 'contact@10.0.0.1'],
    ['an address literal', 'contact@[127.0.0.1]'],
    ['two dots in a row', 'c..millan@ville.fr'],
    ['a leading dot', '.c@ville.fr'],
    ['a label starting with a hyphen', 'c@-ville.fr'],
    ['a trailing dot', 'c@ville.fr.'],
    ['no local part', '@ville.fr'],
    ['a local part over 64 characters', `${'a'.repeat(65)}@ville.fr`],
  ])('refuses %s (%s)', (_what, address) => {
    expect(isEmailAddress(address)).toBe(false);
  });

  it('refuses what is not a string', () => {
    expect(isEmailAddress(42)).toBe(false);
    expect(isEmailAddress(null)).toBe(false);
  });
});
