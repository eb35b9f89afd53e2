import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsOptional, IsUUID } from 'class-validator';

export class SendLinksDto {
  @ApiPropertyOptional({ type: [String], format: 'uuid', description: 'Invited organisations whose contacts get a new link.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  @IsUUID('all', { each: true, message: 'organisationIds must contain organisation ids (UUIDs)' })
  organisationIds?: string[];

  @ApiPropertyOptional({ description: 'Also every invited organisation that has not registered yet.' })
  @IsOptional()
  @IsBoolean()
  notRegistered?: boolean;
}

export class LinksSentView {
  @ApiProperty({ description: 'Links written, one per contact, each emailed through the outbox in the contact’s language.' })
  links!: number;
  @ApiProperty({ description: 'Organisations reached.' }) organisations!: number;
  @ApiProperty({
    type: [String],
    format: 'uuid',
    description: 'Organisations asked for that have no contact: nobody there can be reached.',
  })
  withoutContact!: string[];
}
