import { Catch, HttpException, HttpStatus, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { errorCodeForStatus, type ErrorBody } from './error-body';

/** Errors from Express middleware (body-parser and friends) follow the http-errors shape. */
interface HttpErrorLike {
  status?: unknown;
  statusCode?: unknown;
  expose?: unknown;
  message?: unknown;
}

export interface Described {
  status: number;
  code?: string;
  message: string;
  details?: string[];
  /** Unexpected errors are attached to the response so pino-http logs them with the request. */
  unexpected: boolean;
}

/** Status, code and message of any error, as every error response shows them (the lean webhook route too). */
export function describeException(exception: unknown): Described {
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const response = exception.getResponse();
    if (typeof response === 'string') return { status, message: response, unexpected: false };
    const body = response as { message?: unknown; code?: unknown };
    const code = typeof body.code === 'string' ? body.code : undefined;
    if (Array.isArray(body.message)) {
      const details = body.message.map(String);
      return { status, code, message: details.join('; '), details, unexpected: false };
    }
    const message = typeof body.message === 'string' ? body.message : exception.message;
    return { status, code, message, unexpected: false };
  }
  const httpError = (exception ?? {}) as HttpErrorLike;
  const status = Number(httpError.status ?? httpError.statusCode);
  if (Number.isInteger(status) && status >= 400 && status < 500 && httpError.expose === true) {
    return { status, message: String(httpError.message), unexpected: false };
  }
  // Internal details stay in the logs, never in the response.
  return { status: HttpStatus.INTERNAL_SERVER_ERROR, message: 'Internal server error', unexpected: true };
}

/** Every error, including unknown routes, answers `{ error: { code, message, requestId } }`. */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<IncomingMessage>();
    const res = http.getResponse<ServerResponse>();
    const described = describeException(exception);
    if (described.unexpected) res.err = exception instanceof Error ? exception : new Error(String(exception));
    if (res.headersSent) {
      res.end();
      return;
    }
    const body: ErrorBody = {
      error: {
        code: described.code ?? errorCodeForStatus(described.status),
        message: described.message,
        requestId: String(req.id ?? ''),
        ...(described.details ? { details: described.details } : {}),
      },
    };
    this.adapterHost.httpAdapter.reply(res, body, described.status);
  }
}
