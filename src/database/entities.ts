import { AuditEntry } from '../audit/audit-entry.entity';
import { AccessLink } from '../auth/access-link.entity';
import { ApiToken } from '../auth/api-token.entity';
import { SignInLink } from '../auth/sign-in-link.entity';
import { User } from '../auth/user.entity';
import { DateChoice, DateOption, DateVote } from '../forums/date-option.entity';
import { Forum } from '../forums/forum.entity';
import { Invitation } from '../forums/invitation.entity';
import { Theme, ThemeInterest } from '../forums/theme.entity';
import { Blackout } from '../organisations/blackout.entity';
import { Contact } from '../organisations/contact.entity';
import { Organisation } from '../organisations/organisation.entity';
import { Partnership } from '../organisations/partnership.entity';
import { Message } from '../outbox/message.entity';
import { FeedToken } from '../calendar/feed-token.entity';
import { InviteState } from '../calendar/invite-state.entity';
import { Deadline } from '../deadlines/deadline.entity';
import { Enrolment } from '../programme/enrolment.entity';
import { Session, SessionChange, SessionHost } from '../programme/session.entity';
import { ReadVersion } from '../reads/read-version.entity';
import { Delegate, HostOffer, Registration, RegistrationQuestion } from '../registrations/registration.entity';
import { MEETING_ENTITIES } from '../meetings/meeting.entities';
import { MailboxCursor } from '../replies/mailbox-cursor.entity';

/** Every entity, listed once for the application and the MikroORM CLI. */
export const ENTITIES = [Forum, Invitation, DateOption, DateVote, DateChoice, Theme, ThemeInterest, Session, SessionHost, SessionChange, Enrolment, Registration, Delegate, HostOffer, RegistrationQuestion, Deadline, InviteState, FeedToken, Organisation, Contact, Partnership, Blackout, User, ApiToken, SignInLink, AccessLink, Message, AuditEntry, MailboxCursor, ReadVersion, ...MEETING_ENTITIES];
