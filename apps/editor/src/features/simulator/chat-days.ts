/** A message of the chat, or a line that says a new day starts (after a time skip, as in WhatsApp). */
export type ChatItem<Event> = { kind: 'day'; label: string; date: string } | { kind: 'event'; event: Event };

/** "Tue 8 Dec": the simulated clock is UTC, like the times on the bubbles. */
export function dayLabel(iso: string): string {
  return new Date(iso).toLocaleDateString('en-GB', {
    timeZone: 'UTC',
    weekday: 'short',
    day: 'numeric',
    month: 'short',
  });
}

/**
 * The chat's messages with a day line before the first one and wherever the day changes, so that
 * skipping a day shows where the conversation picks up again.
 */
export function withDaySeparators<Event extends { at: string }>(events: readonly Event[]): ChatItem<Event>[] {
  const items: ChatItem<Event>[] = [];
  let day: string | undefined;
  for (const event of events) {
    const date = event.at.slice(0, 10);
    if (date !== day) {
      items.push({ kind: 'day', label: dayLabel(event.at), date });
      day = date;
    }
    items.push({ kind: 'event', event });
  }
  return items;
}
