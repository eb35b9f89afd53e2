import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { LOCALES, type Locale } from '../../common/locale';
import type { AccessLink } from '../access-link.entity';
import type { ApiToken } from '../api-token.entity';
import { ROLES, type Role } from '../../access/principal';
import type { User } from '../user.entity';

export class UserView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() email!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ROLES }) role!: Role;
  @ApiProperty({ enum: LOCALES }) locale!: Locale;
  @ApiPropertyOptional({ nullable: true, type: String }) disabledAt!: string | null;
  @ApiProperty() createdAt!: string;
}

export class TokenView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ description: 'Last characters of the token.' }) hint!: string;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ description: 'Every token expires: 90 days after its creation unless asked otherwise.' }) expiresAt!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) lastUsedAt!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) revokedAt!: string | null;
}

export class NewTokenView extends TokenView {
  @ApiProperty({ description: 'The secret itself. Shown this once: it is stored only as a hash.' }) token!: string;
}

export class SignInSessionView extends NewTokenView {
  @ApiProperty({ type: UserView }) user!: UserView;
}

export class AccessLinkView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) forumId!: string;
  @ApiProperty({ format: 'uuid' }) organisationId!: string;
  @ApiProperty({ format: 'uuid' }) contactId!: string;
  @ApiPropertyOptional({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'The magic link whose holder added this link’s contact (or changed its address); revoking that link revokes this one.',
  })
  contactAddedByLinkId!: string | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty() expiresAt!: string;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'When the link was first opened.' }) firstUsedAt!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) lastUsedAt!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) revokedAt!: string | null;
}

export class PrincipalView {
  @ApiProperty({ enum: ['organiser', 'authority'] }) kind!: 'organiser' | 'authority';
  @ApiProperty() label!: string;
  @ApiPropertyOptional({ enum: ROLES }) role?: Role;
  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String }) userId?: string | null;
  @ApiPropertyOptional({ format: 'uuid' }) organisationId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) forumId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) contactId?: string;
}

const iso = (date: Date | null): string | null => date?.toISOString() ?? null;

export function toUserView(user: User): UserView {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    locale: user.locale,
    disabledAt: iso(user.disabledAt),
    createdAt: user.createdAt.toISOString(),
  };
}

export function toTokenView(token: ApiToken): TokenView {
  return {
    id: token.id,
    name: token.name,
    hint: token.hint,
    createdAt: token.createdAt.toISOString(),
    expiresAt: token.expiresAt.toISOString(),
    lastUsedAt: iso(token.lastUsedAt),
    revokedAt: iso(token.revokedAt),
  };
}

export function toAccessLinkView(link: AccessLink): AccessLinkView {
  return {
    id: link.id,
    forumId: link.forum.id,
    organisationId: link.organisation.id,
    contactId: link.contact.id,
    contactAddedByLinkId: link.contact.addedByAccessLinkId,
    createdAt: link.createdAt.toISOString(),
    expiresAt: link.expiresAt.toISOString(),
    firstUsedAt: iso(link.firstUsedAt),
    lastUsedAt: iso(link.lastUsedAt),
    revokedAt: iso(link.revokedAt),
  };
}
