import { BadRequestException, type PipeTransform } from '@nestjs/common';
import type { z } from 'zod';

/**
 * One line per problem, each naming the field: `phone: must be an E.164 number`. `part` names the
 * value as a whole (`body`, `query`, a header) for problems that are not about one field.
 */
export function describeIssues(issues: readonly z.core.$ZodIssue[], part: string): string[] {
  return issues.flatMap((issue) => {
    const path = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => `${path ? `${path}.` : ''}${key}: is not a known field`);
    }
    const missing = issue.code === 'invalid_type' && issue.input === undefined;
    const message = missing ? 'is required' : issue.message;
    return [`${path || part}: ${message}`];
  });
}

export function validationError(details: string[]): BadRequestException {
  return new BadRequestException({ code: 'VALIDATION_FAILED', message: details });
}

/** Parses a body or query with a zod schema; a mismatch is 400 VALIDATION_FAILED naming each field. */
export class ZodValidationPipe<T extends z.ZodType> implements PipeTransform<unknown, z.output<T>> {
  constructor(
    private readonly schema: T,
    private readonly part: string,
  ) {}

  transform(value: unknown): z.output<T> {
    const result = this.schema.safeParse(value, { reportInput: true });
    if (!result.success) throw validationError(describeIssues(result.error.issues, this.part));
    return result.data;
  }
}
