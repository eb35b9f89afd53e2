import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsUUID } from 'class-validator';
import { OrganisationSummary } from '../../organisations/organisation.views';

export class InviteDto {
  @ApiProperty({ type: [String], format: 'uuid', description: 'Organisations to invite; those already invited are left as they are.' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @IsUUID('all', { each: true, message: 'organisationIds must contain organisation ids (UUIDs)' })
  organisationIds!: string[];
}

export class InvitationView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) forumId!: string;
  @ApiProperty({ type: OrganisationSummary }) organisation!: OrganisationSummary;
  @ApiProperty() invitedAt!: string;
}

export class InviteResultView {
  @ApiProperty({ type: [InvitationView] }) added!: InvitationView[];
  @ApiProperty({ type: [String], format: 'uuid' }) alreadyInvited!: string[];
}
