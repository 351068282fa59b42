import { STATUS_CODES } from 'node:http';

export interface ErrorBody {
  error: {
    /** Stable machine-readable code, e.g. NOT_FOUND, BAD_REQUEST, INTERNAL_SERVER_ERROR. */
    code: string;
    message: string;
    requestId: string;
    /** Individual problems when there are several (e.g. validation). */
    details?: string[];
  };
}

/** 404 → NOT_FOUND, 413 → PAYLOAD_TOO_LARGE, unknown → HTTP_<status>. */
export function errorCodeForStatus(status: number): string {
  const phrase = STATUS_CODES[status];
  if (!phrase) return `HTTP_${status}`;
  return phrase
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '_')
    .replace(/^_|_$/g, '');
}
