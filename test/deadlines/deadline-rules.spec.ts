import { LOCALES } from '../../src/common/locale';
import { DEADLINE_KINDS } from '../../src/deadlines/deadline.entity';
import { DEADLINE_KIND_DEFINITIONS, deadlineVerdict, GOVERNED_ACTIONS, kindGoverning } from '../../src/deadlines/deadline-kinds';

describe('Deadline rules', () => {
  describe('before an action a deadline governs', () => {
    const soft = { id: 'soft', enforcement: 'soft' as const };
    const hard = { id: 'hard', enforcement: 'hard' as const };

    it('an action before any deadline is on time', () => {
      expect(deadlineVerdict([], false)).toEqual({ late: false, refusedBy: null });
    });

    it('past a soft deadline, a member’s action is taken, and late', () => {
      expect(deadlineVerdict([soft], false)).toEqual({ late: true, refusedBy: null });
    });

    it('past a hard deadline, a member is refused by it', () => {
      expect(deadlineVerdict([soft, hard], false)).toEqual({ late: true, refusedBy: hard });
    });

    it('past a hard deadline, an organiser still acts, late', () => {
      expect(deadlineVerdict([hard], true)).toEqual({ late: true, refusedBy: null });
    });
  });

  describe('the kinds', () => {
    it('govern registering, the delegation, visits and host offers, one kind each', () => {
      expect(GOVERNED_ACTIONS.map((action) => [action, kindGoverning(action)])).toEqual([
        ['register', 'interest'],
        ['change_delegation', 'delegation'],
        ['enrol', 'visit_choice'],
        ['offer_hosting', 'host_offer'],
      ]);
    });

    it('documents and other deadlines only remind', () => {
      expect(DEADLINE_KIND_DEFINITIONS.documents.governs).toBeNull();
      expect(DEADLINE_KIND_DEFINITIONS.custom.governs).toBeNull();
    });

    it.each(DEADLINE_KINDS.map((kind) => [kind]))('%s has its name and its reason in French, Korean and English', (kind) => {
      const definition = DEADLINE_KIND_DEFINITIONS[kind];
      for (const locale of LOCALES) {
        expect(definition.label[locale]).toMatch(/\S/);
        expect(definition.reason.text[locale]).toMatch(/\S/);
      }
      // Korean text is Hangul, not a French or English one copied over.
      expect(definition.label.ko).toMatch(/[\uac00-\ud7af]/);
      expect(definition.reason.text.ko).toMatch(/[\uac00-\ud7af]/);
    });

    it.each(DEADLINE_KINDS.map((kind) => [kind]))(
      '%s names its audience by organisation, and the delegates concerned where it is people',
      (kind) => {
        expect(DEADLINE_KIND_DEFINITIONS[kind].audience).toMatch(/^select a\.organisation_id, .* as delegate_ids/s);
      },
    );
  });
});
