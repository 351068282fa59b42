/** One message the fake provider accepted: to whom, under which idempotency key, saying what. */
export interface ProviderDelivery {
  to: string;
  key: string;
  text: string;
}

export interface DeliveryTally {
  expected: number;
  /** Distinct messages (idempotency keys) that reached the contacts they were meant for. */
  delivered: number;
  /** Expected messages that never arrived. */
  lost: number;
  /** Arrivals beyond the first of a key, plus messages nobody expected (a re-send under a new key). */
  duplicated: number;
  /** Contacts whose distinct messages, in order, differ from what the simulator predicted. */
  wrongTranscripts: string[];
}

/**
 * What a fault scenario is judged by: per contact, the messages the simulator expects against the
 * messages the provider accepted. A key seen twice is a duplicate the contact would have seen twice.
 */
export function tallyDeliveries(
  expected: Map<string, string[]>,
  deliveries: ProviderDelivery[],
): DeliveryTally {
  const byContact = new Map<string, ProviderDelivery[]>();
  for (const delivery of deliveries) {
    const list = byContact.get(delivery.to) ?? [];
    list.push(delivery);
    byContact.set(delivery.to, list);
  }
  let expectedCount = 0;
  let delivered = 0;
  let lost = 0;
  let duplicated = 0;
  const wrongTranscripts: string[] = [];
  for (const [contact, texts] of expected) {
    const arrived = byContact.get(contact) ?? [];
    byContact.delete(contact);
    const seen = new Set<string>();
    const distinct = arrived.filter((d) => !seen.has(d.key) && seen.add(d.key));
    expectedCount += texts.length;
    delivered += Math.min(distinct.length, texts.length);
    lost += Math.max(0, texts.length - distinct.length);
    duplicated += arrived.length - distinct.length + Math.max(0, distinct.length - texts.length);
    const got = distinct.map((d) => d.text);
    if (got.length === texts.length && got.some((text, i) => text !== texts[i]))
      wrongTranscripts.push(contact);
  }
  // Messages to contacts the scenario never talked to are duplicates of nothing: count them all.
  for (const arrived of byContact.values()) duplicated += arrived.length;
  return { expected: expectedCount, delivered, lost, duplicated, wrongTranscripts };
}
