/**
 * The 24-hour window as the reply box shows it. The server says when it closes and what time it is
 * there (its clock may differ from the browser's, and runs ahead in tests): the countdown uses the
 * server's time, moved on by the browser's own clock since the answer came.
 */
export interface WindowView {
  open: boolean;
  /** "23 h 59 min left", "4 min 10 s left", or why it is closed. */
  label: string;
  remainingMs: number;
}

export function windowView(
  window: { open: boolean; closesAt: string | null; now: string },
  loadedAtMs: number,
  browserNowMs: number,
): WindowView {
  if (!window.closesAt) {
    return { open: false, remainingMs: 0, label: 'The contact has not written yet: send a template.' };
  }
  const serverNow = Date.parse(window.now) + (browserNowMs - loadedAtMs);
  const remainingMs = Date.parse(window.closesAt) - serverNow;
  if (!window.open || remainingMs <= 0) {
    return {
      open: false,
      remainingMs: 0,
      label: 'More than 24 hours since the contact last wrote: only an approved template can reach them.',
    };
  }
  return { open: true, remainingMs, label: `${formatRemaining(remainingMs)} left to reply freely` };
}

export function formatRemaining(ms: number): string {
  const totalSeconds = Math.max(0, Math.floor(ms / 1000));
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  if (hours > 0) return `${hours} h ${String(minutes).padStart(2, '0')} min`;
  if (minutes > 0) return `${minutes} min ${String(seconds).padStart(2, '0')} s`;
  return `${seconds} s`;
}

/** A template's body with the parameters typed so far ({{1}} → the first, blanks shown as [1]). */
export function templatePreview(body: string, params: string[]): string {
  return body.replace(/\{\{\s*(\d+)\s*\}\}/g, (_match, index: string) => {
    const value = params[Number(index) - 1]?.trim();
    return value ? value : `[${index}]`;
  });
}
