import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { PageQuery } from '../../common/pagination';
import { FORUM_STATUSES, type ForumStatus } from '../forum.entity';

export class ListForumsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: FORUM_STATUSES, description: 'Anonymous callers only ever see published and archived editions.' })
  @IsOptional()
  @IsIn(FORUM_STATUSES)
  status?: ForumStatus;

  @ApiPropertyOptional({ example: 'franco-korean-forum', description: 'Editions of one series, in edition order.' })
  @IsOptional()
  @Matches(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, { message: 'series must be lower-case letters and digits joined by hyphens' })
  series?: string;
}
