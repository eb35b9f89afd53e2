import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiResponse } from '@nestjs/swagger';
import { ProblemCode } from './problem';

class FieldErrorView {
  @ApiProperty({ example: 'timeZone' })
  field!: string;

  @ApiProperty({ example: 'timeZone must be an IANA time zone such as Asia/Seoul or Europe/Paris' })
  message!: string;

  @ApiPropertyOptional({ example: 'dateOrder', description: 'The rule the value broke, by a stable name, when the service names it.' })
  constraint?: string;
}

/** RFC 9457 problem details, served as application/problem+json. */
export class ProblemView {
  @ApiProperty({ example: 'urn:passerelle:problem:validation-failed' })
  type!: string;

  @ApiProperty({ example: 'Bad Request' })
  title!: string;

  @ApiProperty({ example: 400 })
  status!: number;

  @ApiProperty()
  detail!: string;

  @ApiProperty({ enum: Object.values(ProblemCode) })
  code!: string;

  @ApiPropertyOptional({ example: '/api/forums' })
  instance?: string;

  @ApiPropertyOptional({ type: [FieldErrorView], description: 'The fields at fault: at most 10 (body limits: the first 5).' })
  errors?: FieldErrorView[];

  @ApiPropertyOptional({ example: 3, description: 'How many more fields are at fault than `errors` lists.' })
  moreErrors?: number;
}

/** Documents the problem responses a route can give. */
export function ApiProblems(...statuses: number[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ...statuses.map((status) =>
      ApiResponse({
        status,
        description: 'Problem details',
        content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemView' } } },
      }),
    ),
  );
}
