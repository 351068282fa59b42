import {
  ConflictException,
  NotFoundException,
  PayloadTooLargeException,
  UnprocessableEntityException,
} from '@nestjs/common';
import type { Diagnostic } from '@leadline/flow-core';

/** Another tenant's flow is "not found" too: its existence is none of the caller's business. */
export function flowNotFound(flowId: string): NotFoundException {
  return new NotFoundException({ code: 'FLOW_NOT_FOUND', message: `No flow ${flowId} in this workspace.` });
}

export function versionNotFound(flowId: string, version: string): NotFoundException {
  return new NotFoundException({
    code: 'VERSION_NOT_FOUND',
    message: `Flow ${flowId} has no version ${version}.`,
  });
}

export function flowKeyTaken(key: string): ConflictException {
  return new ConflictException({
    code: 'FLOW_EXISTS',
    message: `A flow with the id "${key}" already exists in this workspace; pick another id or open it.`,
  });
}

/** One detail line per error, naming the node: `ask_name: DANGLING_EDGE: edge e1 points at ...`. */
export function flowHasErrors(diagnostics: readonly Diagnostic[]): UnprocessableEntityException {
  const errors = diagnostics.filter((diagnostic) => diagnostic.severity === 'error');
  return new UnprocessableEntityException({
    code: 'FLOW_INVALID',
    message: errors.map(
      (error) => `${error.nodeId ?? error.edgeId ?? 'flow'}: ${error.code}: ${error.message}`,
    ),
  });
}

/** The document is over the flow size limits (libs/flow-core flow-size.ts). */
export function flowTooLarge(message: string): PayloadTooLargeException {
  return new PayloadTooLargeException({ code: 'FLOW_TOO_LARGE', message });
}

/** The draft changed since the caller's copy was loaded: their save would overwrite someone's work. */
export function draftConflict(): ConflictException {
  return new ConflictException({
    code: 'DRAFT_CONFLICT',
    message:
      'This flow was changed elsewhere (another tab or another person) since you opened it; ' +
      'reload it to see those changes, or save yours over them.',
  });
}
