import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { LOCALES, type Locale } from '../common/locale';
import { ProblemException } from '../common/problem';
import { ApiProblems } from '../common/problem.view';
import { TemplateService } from '../outbox/template.service';

class PreviewQuery {
  @ApiPropertyOptional({ enum: LOCALES, default: 'fr' })
  @IsOptional()
  @IsIn(LOCALES, { message: 'locale must be one of fr, ko, en' })
  locale?: Locale;
}

class PreviewView {
  @ApiProperty() template!: string;
  @ApiProperty({ enum: LOCALES }) locale!: string;
  @ApiProperty() subject!: string;
  @ApiProperty() html!: string;
  @ApiProperty() text!: string;
}

@ApiTags('outbox')
@ApiBearerAuth()
@Controller('mail-templates')
export class TemplatesController {
  constructor(private readonly templates: TemplateService) {}

  @Get()
  @ApiOperation({ summary: 'The email templates' })
  @ApiOkResponse({ type: [String] })
  @ApiProblems(401, 403)
  list(): string[] {
    return this.templates.names();
  }

  @Get(':template/preview')
  @ApiOperation({ summary: 'A template rendered with sample data, in one language' })
  @ApiOkResponse({ type: PreviewView })
  @ApiProblems(400, 401, 403, 404)
  preview(@Param('template') template: string, @Query() query: PreviewQuery): PreviewView {
    const locale = query.locale ?? 'fr';
    const rendered = this.templates.preview(template, locale);
    if (!rendered) {
      throw ProblemException.notFound('Template', template);
    }
    return { template, locale, ...rendered };
  }
}
