import { Entity, Enum, ManyToOne, Property, Unique } from '@mikro-orm/decorators/legacy';
import { BaseEntity } from '../database/base.entity';
import { Organisation } from '../organisations/organisation.entity';
import { Forum } from './forum.entity';

/** Dates put to the members: "du 24 au 26 septembre", local dates in the forum's zone. */
@Entity({ tableName: 'date_option' })
@Unique({ properties: ['forum', 'startDate', 'endDate'] })
export class DateOption extends BaseEntity {
  @ManyToOne({ entity: () => Forum, deleteRule: 'cascade' })
  forum: Forum;

  @Property({ type: 'date' })
  startDate: string;

  @Property({ type: 'date' })
  endDate: string;

  @Property({ type: 'text', nullable: true })
  note: string | null = null;

  @Property({ type: 'boolean', default: false })
  preferred: boolean = false;

  constructor(fields: { forum: Forum; startDate: string; endDate: string }) {
    super();
    this.forum = fields.forum;
    this.startDate = fields.startDate;
    this.endDate = fields.endDate;
  }
}

export const VOTE_ANSWERS = ['yes', 'if_need_be', 'no'] as const;
export type VoteAnswer = (typeof VOTE_ANSWERS)[number];

/** One organisation's answer to one option; a new answer replaces it. */
@Entity({ tableName: 'date_vote' })
@Unique({ properties: ['option', 'organisation'] })
export class DateVote extends BaseEntity {
  @ManyToOne({ entity: () => DateOption, deleteRule: 'cascade' })
  option: DateOption;

  @ManyToOne({ entity: () => Organisation, deleteRule: 'cascade', index: true })
  organisation: Organisation;

  @Enum({ items: () => VOTE_ANSWERS })
  answer: VoteAnswer;

  @Property({ type: 'text', nullable: true })
  comment: string | null = null;

  /** Who cast it: an organiser on the organisation's behalf, or its own magic link. */
  @Property({ type: 'text' })
  castBy: string;

  constructor(fields: { option: DateOption; organisation: Organisation; answer: VoteAnswer; castBy: string }) {
    super();
    this.option = fields.option;
    this.organisation = fields.organisation;
    this.answer = fields.answer;
    this.castBy = fields.castBy;
  }
}

/** Each time an edition's dates are fixed, kept because every attendee must be told of a change. */
@Entity({ tableName: 'date_choice' })
export class DateChoice extends BaseEntity {
  @ManyToOne({ entity: () => Forum, deleteRule: 'cascade', index: true })
  forum: Forum;

  @ManyToOne({ entity: () => DateOption, nullable: true, deleteRule: 'set null', index: true })
  option: DateOption | null;

  @Property({ type: 'date' })
  startDate: string;

  @Property({ type: 'date' })
  endDate: string;

  @Property({ type: 'date', nullable: true })
  previousStartDate: string | null = null;

  @Property({ type: 'date', nullable: true })
  previousEndDate: string | null = null;

  @Property({ type: 'text' })
  chosenBy: string;

  constructor(fields: { forum: Forum; option: DateOption; chosenBy: string }) {
    super();
    this.forum = fields.forum;
    this.option = fields.option;
    this.startDate = fields.option.startDate;
    this.endDate = fields.option.endDate;
    this.chosenBy = fields.chosenBy;
  }
}
