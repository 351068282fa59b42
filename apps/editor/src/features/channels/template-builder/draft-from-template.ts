import type { TemplateDraft, TemplateDraftButton } from '@leadline/flow-core';
import type { TemplateSummary } from '../channels-api';

type Component = {
  type?: string;
  format?: string;
  text?: string;
  example?: { body_text?: string[][]; header_text?: string[]; header_handle?: string[] };
  buttons?: Array<{
    type?: string;
    text?: string;
    url?: string;
    phone_number?: string;
    example?: string | string[];
  }>;
};

export const EMPTY_DRAFT: TemplateDraft = {
  name: '',
  language: 'en',
  category: 'utility',
  header: { type: 'none' },
  body: { text: '', examples: [] },
  footer: '',
  buttons: [],
};

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/** A stored template back in the builder's terms, to edit and resubmit it. */
export function draftFromTemplate(template: TemplateSummary): TemplateDraft {
  const components = (template.components ?? []) as Component[];
  const find = (type: string) => components.find((c) => c.type?.toUpperCase() === type);
  const header = find('HEADER');
  const format = header?.format?.toLowerCase();
  const buttons: TemplateDraftButton[] = (find('BUTTONS')?.buttons ?? []).map((b) => {
    switch (b.type?.toUpperCase()) {
      case 'URL':
        return { type: 'url', text: b.text ?? '', url: b.url ?? '', example: first(b.example) };
      case 'PHONE_NUMBER':
        return { type: 'phone', text: b.text ?? '', phone: b.phone_number ?? '' };
      case 'COPY_CODE':
        return { type: 'copy_code', example: first(b.example) ?? '' };
      default:
        return { type: 'quick_reply', text: b.text ?? '' };
    }
  });
  return {
    name: template.name,
    language: template.language,
    category: template.category,
    header:
      !header || !format
        ? { type: 'none' }
        : format === 'text'
          ? { type: 'text', text: header.text ?? '', example: header.example?.header_text?.[0] }
          : {
              type: format as 'image' | 'video' | 'document',
              example: header.example?.header_handle?.[0] ?? '',
            },
    body: { text: find('BODY')?.text ?? '', examples: find('BODY')?.example?.body_text?.[0] ?? [] },
    footer: find('FOOTER')?.text ?? '',
    buttons,
  };
}
