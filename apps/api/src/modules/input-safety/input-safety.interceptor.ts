import {
  BadRequestException,
  Injectable,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import type { Request } from 'express';
import type { Observable } from 'rxjs';
import { describeInputProblem, findInputProblem } from './input-safety';

/**
 * Applies input-safety.ts to every REST route's path parameters, query and body before any pipe or
 * handler sees them: 400 INVALID_CHARACTERS for a NUL character, 400 BODY_TOO_DEEP for nesting past
 * MAX_JSON_DEPTH. Provider webhooks (/webhooks/...) are left alone: their signature is verified over
 * the raw bytes first, and their own validation decides what to do with the content.
 */
@Injectable()
export class InputSafetyInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() === 'http') {
      const request = context.switchToHttp().getRequest<Request>();
      if (!request.path.startsWith('/webhooks/')) check(request);
    }
    return next.handle();
  }
}

function check(request: Request): void {
  for (const [root, value] of [
    ['path', request.params],
    ['query', request.query],
    ['body', request.body],
  ] as const) {
    const problem = findInputProblem(value, root);
    if (!problem) continue;
    throw new BadRequestException({
      code: problem.kind === 'nul' ? 'INVALID_CHARACTERS' : 'BODY_TOO_DEEP',
      message: describeInputProblem(problem),
    });
  }
}
