/**
 * Quiet hours in a person's own time zone. Pure: the caller passes the clock. Notifications that fall
 * inside are held until the quiet hours end, never dropped.
 */

function minutesOf(clock: string): number {
  const [hours, minutes] = clock.split(':').map(Number);
  return hours! * 60 + minutes!;
}

/** Minutes since local midnight, and seconds into the minute, of `now` in `timeZone`. */
function localClock(now: Date, timeZone: string): { minutes: number; seconds: number } {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(now);
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return { minutes: part('hour') * 60 + part('minute'), seconds: part('second') };
}

/**
 * When the quiet hours around `now` end, or null when `now` is not inside them. `start` may be later
 * than `end` (22:00–07:00 spans midnight); equal times mean no quiet hours. The end is computed from
 * the local clock's distance to it, so a DST change inside the quiet hours can shift it by that hour.
 */
export function quietUntil(
  now: Date,
  quietHours: { start: string; end: string } | null,
  timeZone: string,
): Date | null {
  if (!quietHours) return null;
  const start = minutesOf(quietHours.start);
  const end = minutesOf(quietHours.end);
  if (start === end) return null;
  const local = localClock(now, timeZone);
  const inside =
    start < end
      ? local.minutes >= start && local.minutes < end
      : local.minutes >= start || local.minutes < end;
  if (!inside) return null;
  const minutesLeft = (end - local.minutes + 1440) % 1440;
  const startOfMinute = now.getTime() - local.seconds * 1000 - now.getUTCMilliseconds();
  return new Date(startOfMinute + minutesLeft * 60_000);
}
