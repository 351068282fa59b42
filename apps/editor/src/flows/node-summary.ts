/**
 * One line that tells a marketer what a node does without opening it: its text, the template it
 * sends, how long it waits... Only reads the data; what is valid is the core's business.
 */
export function summarizeNodeData(type: string, data: Record<string, unknown>): string {
  const text = (value: unknown): string | undefined =>
    typeof value === 'string' && value.trim() !== '' ? value.trim().replace(/\s+/g, ' ') : undefined;
  const record = (value: unknown): Record<string, unknown> | undefined =>
    typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
  const keys = (value: unknown): string[] => Object.keys(record(value) ?? {});

  switch (type) {
    case 'trigger': {
      const keywords = list(data.keywords).filter(
        (keyword): keyword is string => typeof keyword === 'string',
      );
      if (data.on === 'keyword' || keywords.length) return `Keyword: ${keywords.join(', ') || '(none)'}`;
      if (data.on === 'api') return 'Lead pushed through the API';
      if (data.on === 'referral') return 'Click-to-WhatsApp ad';
      return 'Any inbound message';
    }
    case 'template':
      return `Template: ${text(record(data.template)?.name) ?? '(none)'}`;
    case 'wait':
      return `Wait ${text(data.duration) ?? '(no duration)'}${data.interruptOnReply ? ', or until a reply' : ''}`;
    case 'condition': {
      const rules = list(data.rules)
        .map((rule) => text(record(rule)?.when))
        .filter(Boolean);
      return rules.length ? `If ${rules.join(' / ')}` : 'No rules';
    }
    case 'set':
      return keys(data.assign).length ? `Set ${keys(data.assign).join(', ')}` : 'Sets nothing';
    case 'ai':
      return [text(data.task), text(data.instructions)].filter(Boolean).join(': ') || 'AI step';
    case 'document':
      return `${text(data.kind) ?? 'document'} in ${text(data.currency) ?? '?'}`;
    case 'http':
      return `${text(data.method) ?? 'GET'} ${text(data.url) ?? ''}`.trim();
    case 'activity':
      return `Activity: ${text(data.name) ?? '(none)'}`;
    case 'crm': {
      const parts = [
        ...keys(data.set).map((field) => `set ${field}`),
        ...list(data.addTags).map((tag) => `+${String(tag)}`),
        ...list(data.removeTags).map((tag) => `-${String(tag)}`),
        ...(text(data.stage) ? [`stage ${text(data.stage)}`] : []),
      ];
      return parts.join(', ') || 'No changes';
    }
    case 'handoff':
      return text(data.note) ?? 'Hands the conversation to a person';
    case 'end':
      return 'Ends the conversation';
  }
  const media = record(data.media);
  return (
    text(data.text) ??
    (media
      ? `${text(media.kind) ?? 'media'}: ${text(media.caption) ?? text(media.filename) ?? text(media.url) ?? ''}`
      : undefined) ??
    text(data.label) ??
    ''
  );
}
