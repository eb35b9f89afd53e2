import { ApiProperty } from '@nestjs/swagger';

export class ZonedTimeView {
  @ApiProperty({ example: 'Asia/Seoul' }) zone!: string;
  @ApiProperty({ example: '2024-09-24T09:00:00+09:00' }) local!: string;
}

/** An instant, and how it reads in the forum's zone, in Paris and in Seoul. */
export class InstantView {
  @ApiProperty({ example: '2024-09-24T00:00:00.000Z' }) instant!: string;
  @ApiProperty({ type: ZonedTimeView }) forum!: ZonedTimeView;
  @ApiProperty({ type: ZonedTimeView }) paris!: ZonedTimeView;
  @ApiProperty({ type: ZonedTimeView }) seoul!: ZonedTimeView;
}
