import type { Principal } from '../../src/access/principal';
import type { RegistrationStatus } from '../../src/common/registration-status';
import { admission, hasFreeSeat, mayEnrol, promotions, type EnrolmentContext } from '../../src/participation/seat-rules';

/** A waitlist as the promotions read it: names in line order, those seated elsewhere marked. */
function line(...names: string[]): { name: string; seatedElsewhere: boolean }[] {
  return names.map((name) => ({ name: name.replace(/\*$/, ''), seatedElsewhere: name.endsWith('*') }));
}

describe('Seats', () => {
  describe('a new enrolment', () => {
    it('takes the 30th seat of a visit with 30', () => {
      expect(admission(30, 29, false)).toBe('seat');
    });

    it('waitlists the 31st delegate when the visit has 30 seats', () => {
      expect(admission(30, 30, false)).toBe('waitlist');
    });

    it('is refused a free seat while the delegate holds a seat elsewhere at that time', () => {
      expect(admission(30, 10, true)).toBe('time_clash');
    });

    it('still joins the waitlist of a full session while seated elsewhere: the clash may be gone when a seat frees up', () => {
      expect(admission(30, 30, true)).toBe('waitlist');
    });

    it('always finds a seat in a session without a capacity', () => {
      expect(hasFreeSeat(null, 10_000)).toBe(true);
      expect(admission(null, 10_000, false)).toBe('seat');
    });
  });

  describe('freed seats', () => {
    it('go to the first in line, in order', () => {
      expect(promotions(3, 1, line('Ahn', 'Bernard', 'Choi')).map((c) => c.name)).toEqual(['Ahn', 'Bernard']);
    });

    it('pass over someone seated elsewhere at that time, who keeps their place in line', () => {
      expect(promotions(3, 1, line('Ahn*', 'Bernard', 'Choi')).map((c) => c.name)).toEqual(['Bernard', 'Choi']);
    });

    it('go to no one while the session is full, or over capacity after it was lowered', () => {
      expect(promotions(2, 2, line('Ahn', 'Bernard'))).toEqual([]);
      expect(promotions(2, 3, line('Ahn', 'Bernard'))).toEqual([]);
    });

    it('go to the whole line in a session without a capacity', () => {
      expect(promotions(null, 50, line('Ahn', 'Bernard*', 'Choi')).map((c) => c.name)).toEqual(['Ahn', 'Choi']);
    });
  });

  describe('who may enrol', () => {
    const organiser: Principal = { kind: 'organiser', role: 'organiser', userId: null, label: 'desk' };
    const member = (organisationId: string): Principal => ({
      kind: 'authority',
      organisationId,
      forumId: 'forum-2',
      contactId: 'contact',
      accessLinkId: 'link',
      label: 'link',
      invited: true,
    });
    const context = (
      overrides: { status?: RegistrationStatus; deadlines?: EnrolmentContext['passedDeadlines']; forumId?: string } = {},
    ): EnrolmentContext => ({
      session: { forumId: 'forum-2', forumSlug: 'forum-2024' },
      delegate: {
        registrationId: 'registration-issy',
        forumId: overrides.forumId ?? 'forum-2',
        organisationId: 'issy',
        registrationStatus: overrides.status ?? 'confirmed',
      },
      passedDeadlines: overrides.deadlines ?? [],
    });
    const asked = (principal: Principal, forumRef = 'forum-2') => ({ forumRef, registrationId: 'registration-issy', principal });

    it('a member of the delegate’s organisation, by the edition’s id or slug', () => {
      expect(mayEnrol(asked(member('issy')), context())).toBe(true);
      expect(mayEnrol(asked(member('issy'), 'forum-2024'), context())).toBe(true);
    });

    it('not a member of another organisation', () => {
      expect(mayEnrol(asked(member('nantes')), context())).toBe(false);
    });

    it('not for a registration that stepped back, excused or cancelled', () => {
      expect(mayEnrol(asked(organiser), context({ status: 'excused' }))).toBe(false);
      expect(mayEnrol(asked(organiser), context({ status: 'cancelled' }))).toBe(false);
      expect(mayEnrol(asked(organiser), context({ status: 'interested' }))).toBe(true);
    });

    it('not for a delegate of another edition', () => {
      expect(mayEnrol(asked(organiser), context({ forumId: 'forum-1' }))).toBe(false);
    });

    it('past a soft deadline on visits, anyone; past a hard one, only an organiser', () => {
      expect(mayEnrol(asked(member('issy')), context({ deadlines: [{ enforcement: 'soft' }] }))).toBe(true);
      expect(mayEnrol(asked(member('issy')), context({ deadlines: [{ enforcement: 'soft' }, { enforcement: 'hard' }] }))).toBe(false);
      expect(mayEnrol(asked(organiser), context({ deadlines: [{ enforcement: 'hard' }] }))).toBe(true);
    });
  });
});
