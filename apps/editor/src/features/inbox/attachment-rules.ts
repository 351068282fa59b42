/**
 * What WhatsApp delivers from the inbox, checked before uploading so people hear it at once (the
 * API checks the same, and the content, in libs/documents attachment.ts).
 */
const IMAGE_MAX = 5 * 1024 * 1024;
const DOCUMENT_MAX = 16 * 1024 * 1024;

const IMAGES = ['image/jpeg', 'image/png'];
const DOCUMENTS = [
  'application/pdf',
  'text/plain',
  'application/msword',
  'application/vnd.ms-excel',
  'application/vnd.ms-powerpoint',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
];

/** For the file picker's `accept`. */
export const ATTACH_ACCEPT = [...IMAGES, ...DOCUMENTS].join(',');

export const CAPTION_MAX = 1024;

/** Why this file cannot be sent, in plain words, or null when it can. */
export function attachmentProblem(file: { type: string; size: number }): string | null {
  const image = IMAGES.includes(file.type);
  if (!image && !DOCUMENTS.includes(file.type)) {
    return 'This kind of file cannot be sent on WhatsApp. Send a JPEG or PNG photo, or a PDF, Word, Excel, PowerPoint or text document.';
  }
  if (file.size === 0) return 'The file is empty.';
  if (image && file.size > IMAGE_MAX) return 'Photos may be at most 5 MB on WhatsApp.';
  if (!image && file.size > DOCUMENT_MAX) return 'Documents may be at most 16 MB.';
  return null;
}

export function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
