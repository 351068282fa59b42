/**
 * A document that cannot be made from this input or these settings: retrying will not help, so the
 * activity reports it (DOCUMENT_FAILED) and the flow takes the node's error port.
 */
export class DocumentError extends Error {
  override readonly name: string = 'DocumentError';
}

/** Items, currency or tax rate the renderer refuses (negative, too large, not a number...). */
export class DocumentInputError extends DocumentError {
  override readonly name = 'DocumentInputError';
}

/** The workspace's `settings.business` / `settings.documents` are not usable. */
export class DocumentSettingsError extends DocumentError {
  override readonly name = 'DocumentSettingsError';
}

export function isDocumentError(error: unknown): error is DocumentError {
  return error instanceof DocumentError;
}
