import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { PageQuery } from '../../common/pagination';
import { FORUM_STATUSES, type ForumStatus } from '../forum.entity';

export class ListForumsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: FORUM_STATUSES, description: 'Anonymous callers only ever see published and archived editions.' })
  @IsOptional()
  @IsIn(FORUM_STATUSES)
  status?: ForumStatus;
}
