import type { Campaign, Recipient } from './campaigns-api';

/** Status names as people read them. */
export const STATUS_WORDS: Record<Campaign['status'], string> = {
  draft: 'Draft',
  scheduled: 'Scheduled',
  running: 'Sending',
  paused: 'Paused',
  completed: 'Sent',
  cancelled: 'Cancelled',
};

/** Where one recipient stands, in a few words. */
export function recipientWords(r: Recipient): string {
  if (r.state === 'pending') return 'Waiting';
  if (r.state === 'cancelled') return 'Not sent (campaign cancelled)';
  if (r.state === 'skipped') return 'Not sent';
  if (r.flowStatus === 'completed') return 'Replied, finished the follow-up';
  if (r.repliedAt) return 'Replied';
  switch (r.messageStatus) {
    case 'queued':
      return 'Sending';
    case 'sent':
      return 'Sent';
    case 'delivered':
      return 'Delivered';
    case 'read':
      return 'Read';
    case 'failed':
      return 'Failed';
    default:
      return 'Sending';
  }
}

export function audienceWords(audience: Campaign['audience'], segmentName?: string): string {
  if ('tags' in audience && audience.tags.length) return `Contacts tagged ${audience.tags.join(', ')}`;
  return segmentName ? `Segment "${segmentName}"` : 'A saved segment';
}

export const FIELD_CHOICES: Array<{ value: string; label: string }> = [
  { value: 'name', label: "Contact's name" },
  { value: 'phone', label: "Contact's phone" },
];
