import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import {
  ConnectionException,
  ForeignKeyConstraintViolationException,
  NotNullConstraintViolationException,
  UniqueConstraintViolationException,
} from '@mikro-orm/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ProblemCode, ProblemDetails, ProblemException, problemType } from './problem';

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

const CODE_BY_STATUS: Record<number, ProblemCode> = {
  400: ProblemCode.MalformedRequest,
  401: ProblemCode.Unauthorized,
  403: ProblemCode.Forbidden,
  404: ProblemCode.NotFound,
  405: ProblemCode.MethodNotAllowed,
  409: ProblemCode.Conflict,
  413: ProblemCode.PayloadTooLarge,
  415: ProblemCode.UnsupportedMediaType,
  429: ProblemCode.RateLimited,
  503: ProblemCode.ServiceUnavailable,
};

// Network-level failures of PostgreSQL or Redis: the dependency is down, not the request wrong.
const UNAVAILABLE_ERRNOS = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', '57P01', '57P03']);

interface ErrorWithStatus {
  statusCode?: number;
  code?: string;
  message?: string;
}

export function isUnavailable(error: unknown): boolean {
  if (error instanceof ConnectionException) {
    return true;
  }
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current && typeof current === 'object' && !seen.has(current)) {
    seen.add(current);
    const { code, message } = current as ErrorWithStatus;
    if (
      (code && UNAVAILABLE_ERRNOS.has(code)) ||
      /Connection is closed|connect ECONNREFUSED|Connection terminated|timeout exceeded when trying to connect|is not queryable/i.test(
        message ?? '',
      )
    ) {
      return true;
    }
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

/** Turns every error into RFC 9457 problem details with a stable `code`. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Problems');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const reply = http.getResponse<FastifyReply>();
    const request = http.getRequest<FastifyRequest>();
    const problem = this.toProblem(exception);
    problem.instance = request?.url?.split('?')[0];
    if (problem.status >= 500) {
      this.logger.error({ err: exception, code: problem.code }, `Request failed: ${problem.detail}`);
    }
    if (typeof problem.retryAfterSeconds === 'number') {
      void reply.header('retry-after', String(problem.retryAfterSeconds));
    }
    void reply.status(problem.status).header('content-type', 'application/problem+json; charset=utf-8').send(JSON.stringify(problem));
  }

  toProblem(exception: unknown): ProblemDetails {
    if (exception instanceof ProblemException) {
      return this.build(exception.status, exception.code, exception.detail, exception.extensions);
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      return this.build(
        status,
        CODE_BY_STATUS[status] ?? (status >= 500 ? ProblemCode.InternalError : ProblemCode.MalformedRequest),
        this.httpDetail(exception),
      );
    }
    if (exception instanceof UniqueConstraintViolationException) {
      return this.build(HttpStatus.CONFLICT, ProblemCode.Conflict, 'The request conflicts with an existing record.');
    }
    if (exception instanceof ForeignKeyConstraintViolationException || exception instanceof NotNullConstraintViolationException) {
      return this.build(HttpStatus.CONFLICT, ProblemCode.Conflict, 'The request conflicts with related records.');
    }
    if (isUnavailable(exception)) {
      return this.build(
        HttpStatus.SERVICE_UNAVAILABLE,
        ProblemCode.ServiceUnavailable,
        'A service Passerelle depends on is unavailable; try again shortly.',
      );
    }
    const { statusCode, message } = (exception ?? {}) as ErrorWithStatus;
    // Fastify's own errors (malformed JSON, wrong content type, body too large) carry a 4xx status.
    if (statusCode && statusCode >= 400 && statusCode < 500) {
      return this.build(statusCode, CODE_BY_STATUS[statusCode] ?? ProblemCode.MalformedRequest, this.fastifyDetail(statusCode, message));
    }
    return this.build(HttpStatus.INTERNAL_SERVER_ERROR, ProblemCode.InternalError, 'An unexpected error occurred; it has been logged.');
  }

  private build(status: number, code: ProblemCode, detail: string, extensions: Record<string, unknown> = {}): ProblemDetails {
    return { type: problemType(code), title: TITLES[status] ?? 'Error', status, detail, code, ...extensions };
  }

  private httpDetail(exception: HttpException): string {
    const response = exception.getResponse();
    if (typeof response === 'string') {
      return response;
    }
    const message = (response as { message?: unknown }).message;
    if (Array.isArray(message)) {
      return message.join('; ');
    }
    return typeof message === 'string' ? message : exception.message;
  }

  private fastifyDetail(status: number, message: string | undefined): string {
    if (status === 400 && message && /JSON|Unexpected|token/i.test(message)) {
      return `The request body is not valid JSON: ${message}`;
    }
    return message ?? 'The request is malformed.';
  }
}
