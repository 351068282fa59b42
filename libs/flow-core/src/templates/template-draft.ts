import { z } from 'zod';

/**
 * A WhatsApp message template as a person builds it (the template builder), checked against the
 * platform's rules before it is submitted, and turned into Meta's component format (HEADER, BODY,
 * FOOTER, BUTTONS), which the Twilio provider maps to Content types. Pure: the browser shows the
 * problems as the person types, and the API checks the same rules again before calling a provider.
 */

export const TEMPLATE_LIMITS = {
  name: 512,
  headerText: 60,
  body: 1024,
  footer: 60,
  buttonText: 25,
  buttons: 10,
  urlButtons: 2,
  phoneButtons: 1,
  copyCodeButtons: 1,
  url: 2000,
  copyCode: 15,
} as const;

const button = z.discriminatedUnion('type', [
  z.object({ type: z.literal('quick_reply'), text: z.string() }),
  z.object({
    type: z.literal('url'),
    text: z.string(),
    url: z.string(),
    /** The sample for a dynamic suffix (`https://shop.example/track/{{1}}`). */
    example: z.string().optional(),
  }),
  z.object({ type: z.literal('phone'), text: z.string(), phone: z.string() }),
  z.object({ type: z.literal('copy_code'), example: z.string() }),
]);

export const templateDraftSchema = z.object({
  name: z.string(),
  language: z.string(),
  category: z.enum(['marketing', 'utility', 'authentication']),
  header: z
    .discriminatedUnion('type', [
      z.object({ type: z.literal('none') }),
      z.object({ type: z.literal('text'), text: z.string(), example: z.string().optional() }),
      z.object({
        type: z.enum(['image', 'video', 'document']),
        /** A sample file's public URL (Meta wants an uploaded handle; Twilio a URL). */
        example: z.string(),
      }),
    ])
    .default({ type: 'none' }),
  body: z.object({ text: z.string(), examples: z.array(z.string()).default([]) }),
  footer: z.string().optional(),
  buttons: z.array(button).default([]),
});

export type TemplateDraft = z.input<typeof templateDraftSchema>;
export type TemplateDraftButton = z.infer<typeof button>;

export interface TemplateProblem {
  /** Which part: name, language, header, body, footer, buttons[1]... */
  field: string;
  message: string;
}

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;
const NAME = /^[a-z0-9_]+$/;
const LANGUAGE = /^[a-z]{2,3}(_[A-Za-z0-9]{2,4})?$/;
const E164 = /^\+[1-9]\d{6,14}$/;

const chars = (text: string) => [...text].length;

/** The `{{n}}` keys of a text, in order of appearance (with repeats). */
export function templateVariables(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)].map((match) => match[1]);
}

function checkVariables(field: string, text: string, examples: string[], problems: TemplateProblem[]) {
  const keys = templateVariables(text);
  const distinct = [...new Set(keys)];
  if (distinct.some((key, i) => key !== String(i + 1))) {
    problems.push({
      field,
      message: 'Variables must be {{1}}, {{2}}, … numbered in the order they first appear.',
    });
    return;
  }
  const trimmed = text.trim();
  if (/^\{\{[^{}]*\}\}/.test(trimmed) || /\{\{[^{}]*\}\}[.!?]?$/.test(trimmed)) {
    problems.push({ field, message: 'The text may not start or end with a variable: add words around it.' });
  }
  if (/\}\}\s*\{\{/.test(text)) {
    problems.push({ field, message: 'Two variables may not stand side by side: put words between them.' });
  }
  distinct.forEach((key, i) => {
    if (!examples[i]?.trim()) problems.push({ field, message: `Give a sample value for {{${key}}}.` });
  });
}

/** Every rule WhatsApp applies that can be checked without asking it; [] when the draft may be submitted. */
export function checkTemplateDraft(input: TemplateDraft): TemplateProblem[] {
  const problems: TemplateProblem[] = [];
  const parsed = templateDraftSchema.safeParse(input);
  if (!parsed.success) {
    return parsed.error.issues.map((issue) => ({
      field: issue.path.join('.') || 'template',
      message: issue.message,
    }));
  }
  const draft = parsed.data;
  if (!draft.name) problems.push({ field: 'name', message: 'Give the template a name.' });
  else if (!NAME.test(draft.name) || chars(draft.name) > TEMPLATE_LIMITS.name) {
    problems.push({
      field: 'name',
      message: 'Use only lowercase letters, digits and underscores (e.g. order_ready).',
    });
  }
  if (!LANGUAGE.test(draft.language)) {
    problems.push({ field: 'language', message: 'Choose a language code such as en, en_US or pt_BR.' });
  }
  const header = draft.header;
  if (header.type === 'text') {
    if (!header.text.trim())
      problems.push({ field: 'header', message: 'Write the header text, or choose no header.' });
    if (chars(header.text) > TEMPLATE_LIMITS.headerText) {
      problems.push({
        field: 'header',
        message: `The header may have at most ${TEMPLATE_LIMITS.headerText} characters.`,
      });
    }
    const keys = templateVariables(header.text);
    if (keys.length > 1 || (keys.length === 1 && keys[0] !== '1')) {
      problems.push({ field: 'header', message: 'The header may hold one variable, {{1}}.' });
    } else if (keys.length === 1 && !header.example?.trim()) {
      problems.push({ field: 'header', message: 'Give a sample value for the header variable.' });
    }
  } else if (header.type !== 'none' && !/^https:\/\/\S+$/.test(header.example)) {
    problems.push({ field: 'header', message: `Give the public https address of a sample ${header.type}.` });
  }
  const body = draft.body.text;
  if (!body.trim()) problems.push({ field: 'body', message: 'Write the message text.' });
  else {
    if (chars(body) > TEMPLATE_LIMITS.body) {
      problems.push({
        field: 'body',
        message: `The text may have at most ${TEMPLATE_LIMITS.body} characters.`,
      });
    }
    checkVariables('body', body, draft.body.examples, problems);
  }
  if (draft.footer !== undefined && draft.footer !== '') {
    if (chars(draft.footer) > TEMPLATE_LIMITS.footer) {
      problems.push({
        field: 'footer',
        message: `The footer may have at most ${TEMPLATE_LIMITS.footer} characters.`,
      });
    }
    if (templateVariables(draft.footer).length) {
      problems.push({ field: 'footer', message: 'The footer may not hold variables.' });
    }
  }
  checkButtons(draft.buttons, problems);
  if (draft.category === 'authentication') {
    problems.push({
      field: 'category',
      message:
        'Authentication templates (one-time codes) have a fixed text; create them in WhatsApp Manager.',
    });
  }
  return problems;
}

function checkButtons(buttons: TemplateDraftButton[], problems: TemplateProblem[]) {
  const count = (type: TemplateDraftButton['type']) => buttons.filter((b) => b.type === type).length;
  if (buttons.length > TEMPLATE_LIMITS.buttons) {
    problems.push({ field: 'buttons', message: `At most ${TEMPLATE_LIMITS.buttons} buttons.` });
  }
  if (count('url') > TEMPLATE_LIMITS.urlButtons) {
    problems.push({ field: 'buttons', message: `At most ${TEMPLATE_LIMITS.urlButtons} website buttons.` });
  }
  if (count('phone') > TEMPLATE_LIMITS.phoneButtons) {
    problems.push({ field: 'buttons', message: 'At most one call button.' });
  }
  if (count('copy_code') > TEMPLATE_LIMITS.copyCodeButtons) {
    problems.push({ field: 'buttons', message: 'At most one copy-code button.' });
  }
  // Quick replies and the other buttons are shown as two groups: they may not be mixed in between.
  const kinds = buttons.map((b) => (b.type === 'quick_reply' ? 'q' : 'c')).join('');
  if (/q+c+q|c+q+c/.test(kinds)) {
    problems.push({
      field: 'buttons',
      message: 'Keep quick replies together, before or after the other buttons.',
    });
  }
  buttons.forEach((b, i) => {
    const field = `buttons[${i + 1}]`;
    if (b.type !== 'copy_code') {
      if (!b.text.trim()) problems.push({ field, message: 'Give the button a label.' });
      if (chars(b.text) > TEMPLATE_LIMITS.buttonText) {
        problems.push({
          field,
          message: `A button label may have at most ${TEMPLATE_LIMITS.buttonText} characters.`,
        });
      }
    }
    if (b.type === 'url') {
      const keys = templateVariables(b.url);
      if (!/^https?:\/\/[^\s{}]+/.test(b.url) || chars(b.url) > TEMPLATE_LIMITS.url) {
        problems.push({ field, message: 'Give a web address starting with https://.' });
      } else if (keys.length > 1 || (keys.length === 1 && !/\{\{1\}\}$/.test(b.url))) {
        problems.push({
          field,
          message: 'A web address may end with one variable, {{1}}, and nowhere else.',
        });
      } else if (keys.length === 1 && !b.example?.trim()) {
        problems.push({ field, message: 'Give a sample for the end of the web address.' });
      }
    }
    if (b.type === 'phone' && !E164.test(b.phone)) {
      problems.push({ field, message: 'Give the phone number in international form, e.g. +15550100000.' });
    }
    if (b.type === 'copy_code' && (!b.example.trim() || chars(b.example) > TEMPLATE_LIMITS.copyCode)) {
      problems.push({
        field,
        message: `Give a sample code of up to ${TEMPLATE_LIMITS.copyCode} characters.`,
      });
    }
  });
}

/** Meta's creation components for a draft that passed checkTemplateDraft. */
export function templateComponents(input: TemplateDraft): unknown[] {
  const draft = templateDraftSchema.parse(input);
  const components: unknown[] = [];
  const header = draft.header;
  if (header.type === 'text') {
    components.push({
      type: 'HEADER',
      format: 'TEXT',
      text: header.text,
      ...(templateVariables(header.text).length ? { example: { header_text: [header.example ?? ''] } } : {}),
    });
  } else if (header.type !== 'none') {
    components.push({
      type: 'HEADER',
      format: header.type.toUpperCase(),
      example: { header_handle: [header.example] },
    });
  }
  const keys = [...new Set(templateVariables(draft.body.text))];
  components.push({
    type: 'BODY',
    text: draft.body.text,
    ...(keys.length ? { example: { body_text: [draft.body.examples.slice(0, keys.length)] } } : {}),
  });
  if (draft.footer) components.push({ type: 'FOOTER', text: draft.footer });
  if (draft.buttons.length) {
    components.push({
      type: 'BUTTONS',
      buttons: draft.buttons.map((b) => {
        switch (b.type) {
          case 'quick_reply':
            return { type: 'QUICK_REPLY', text: b.text };
          case 'url':
            return {
              type: 'URL',
              text: b.text,
              url: b.url,
              ...(templateVariables(b.url).length ? { example: [b.example ?? ''] } : {}),
            };
          case 'phone':
            return { type: 'PHONE_NUMBER', text: b.text, phone_number: b.phone };
          case 'copy_code':
            return { type: 'COPY_CODE', example: b.example };
        }
      }),
    });
  }
  return components;
}

/** The text with its variables filled by the samples, as the preview and the reviewer see it. */
export function fillSamples(text: string, samples: string[]): string {
  return text.replace(PLACEHOLDER, (whole, key: string) => samples[Number(key) - 1]?.trim() || whole);
}
