import { markAsReadEnabled } from './mark-read';

describe('markAsReadEnabled (settings.markAsRead)', () => {
  it('is on unless the workspace turned it off', () => {
    expect(markAsReadEnabled({})).toBe(true);
    expect(markAsReadEnabled(null)).toBe(true);
    expect(markAsReadEnabled({ markAsRead: true })).toBe(true);
    expect(markAsReadEnabled({ markAsRead: false })).toBe(false);
    expect(markAsReadEnabled({ markAsRead: 'never' })).toBe(false);
  });
});
