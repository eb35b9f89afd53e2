import { applyDecorators, type ArgumentsHost, Catch, Injectable, UseFilters } from '@nestjs/common';
import { ProblemException } from '../../common/problem';
import type { PageRequest } from '../page-context';
import { PageRedirect } from '../page-context';
import { PageAwareProblemFilter } from '../page-error.filter';
import { PageController } from '../page.guard';
import { PageRenderer } from '../page-renderer.service';
import { refusalSentence } from './desk-refusals';
import { DeskText } from './desk-text.service';

/**
 * The desk's error pages say what went wrong in the reader's language, from the problem's code:
 * the API's English detail never reaches a desk page. Everything else is the pages' own filter.
 */
@Catch()
@Injectable()
export class DeskProblemFilter extends PageAwareProblemFilter {
  constructor(
    renderer: PageRenderer,
    private readonly text: DeskText,
  ) {
    super(renderer);
  }

  override catch(exception: unknown, host: ArgumentsHost): void {
    const page = host.switchToHttp().getRequest<PageRequest>().page;
    if (exception instanceof PageRedirect || !page) {
      super.catch(exception, host);
      return;
    }
    const problem = this.toProblem(exception);
    if (problem.status >= 500) {
      super.catch(exception, host);
      return;
    }
    const wording = {
      has: (key: string) => this.text.has(page.locale, key),
      t: (key: string, params?: Record<string, unknown>) => this.text.t(page.locale, key, params),
    };
    super.catch(new ProblemException(problem.status, problem.code, refusalSentence(wording, problem.code)), host);
  }
}

/** A controller of desk pages: a page controller whose refusals are worded by the desk. */
export function DeskController(path = ''): ClassDecorator {
  return applyDecorators(PageController(path), UseFilters(DeskProblemFilter));
}
