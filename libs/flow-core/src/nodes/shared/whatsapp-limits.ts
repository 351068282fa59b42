import { findPlaceholders } from '../../expressions/interpolate';
import { TEMPLATE_NAME_PATTERN, type TemplateRef } from '../../flow/template-ref.schema';
import type { NodeLintIssue } from '../node-definition';
import type { ButtonData, ListData } from './interactive.schema';

/** WhatsApp Cloud API limits (shared/reference/whatsapp-platform.md §2.3). */
export const LIMITS = {
  textBody: 4096,
  buttonBody: 1024,
  listBody: 4096,
  buttons: 3,
  buttonTitle: 20,
  buttonId: 256,
  listButton: 20,
  listSections: 10,
  listRows: 10,
  rowTitle: 24,
  rowDescription: 72,
  rowId: 200,
  sectionTitle: 24,
  caption: 1024,
} as const;

/** A message text's limit: shorter when buttons go with it (the rule lint and the editor share). */
export function bodyLimit(data: { buttons?: unknown; list?: unknown }): number {
  return data.buttons ? LIMITS.buttonBody : data.list ? LIMITS.listBody : LIMITS.textBody;
}

/**
 * Characters as people count them: an emoji or an accented letter is one, not the two UTF-16 units
 * JavaScript's `length` sees (the editor's counter uses this too, so both say the same number).
 */
export function characterCount(text: string): number {
  let count = 0;
  for (const _char of text) count += 1;
  return count;
}

/** Length of a text without its placeholders: what we know for sure before the run fills them. */
export function staticLength(text: string): number {
  return characterCount(findPlaceholders(text).length ? text.replace(/\{\{[\s\S]*?\}\}/g, '') : text);
}

function tooLong(path: string, what: string, text: string, max: number): NodeLintIssue[] {
  const length = staticLength(text);
  if (length <= max) return [];
  return [
    {
      code: 'WHATSAPP_LIMIT',
      severity: 'error',
      path,
      message: `${what} is ${length} characters; WhatsApp allows at most ${max}.`,
    },
  ];
}

export function lintText(text: string | undefined, max: number, path = 'text'): NodeLintIssue[] {
  return text === undefined ? [] : tooLong(path, 'The text', text, max);
}

export function lintButtons(buttons: ButtonData[]): NodeLintIssue[] {
  const issues: NodeLintIssue[] = [];
  if (buttons.length > LIMITS.buttons) {
    issues.push({
      code: 'WHATSAPP_LIMIT',
      severity: 'error',
      path: 'buttons',
      message: `${buttons.length} buttons: WhatsApp shows at most ${LIMITS.buttons}. Use a list for more choices.`,
    });
  }
  buttons.forEach((button, index) => {
    issues.push(
      ...tooLong(`buttons.${index}.title`, `Button "${button.title}"`, button.title, LIMITS.buttonTitle),
    );
  });
  const titles = buttons.map((button) => button.title.trim().toLowerCase());
  if (new Set(titles).size !== titles.length) {
    issues.push({
      code: 'WHATSAPP_LIMIT',
      severity: 'error',
      path: 'buttons',
      message: 'Two buttons have the same title; WhatsApp requires unique button titles.',
    });
  }
  return issues;
}

export function lintList(list: ListData): NodeLintIssue[] {
  const issues: NodeLintIssue[] = [
    ...tooLong('list.button', 'The list button label', list.button, LIMITS.listButton),
  ];
  const rows = list.sections.flatMap((section) => section.rows);
  if (list.sections.length > LIMITS.listSections) {
    issues.push({
      code: 'WHATSAPP_LIMIT',
      severity: 'error',
      path: 'list.sections',
      message: `${list.sections.length} sections: WhatsApp allows at most ${LIMITS.listSections}.`,
    });
  }
  if (rows.length > LIMITS.listRows) {
    issues.push({
      code: 'WHATSAPP_LIMIT',
      severity: 'error',
      path: 'list.sections',
      message: `${rows.length} rows: a WhatsApp list holds at most ${LIMITS.listRows} rows in all sections together.`,
    });
  }
  list.sections.forEach((section, s) => {
    if (list.sections.length > 1 && !section.title) {
      issues.push({
        code: 'WHATSAPP_LIMIT',
        severity: 'error',
        path: `list.sections.${s}.title`,
        message: 'Every section needs a title when a list has more than one section.',
      });
    }
    if (section.title)
      issues.push(
        ...tooLong(`list.sections.${s}.title`, 'A section title', section.title, LIMITS.sectionTitle),
      );
    section.rows.forEach((row, r) => {
      issues.push(
        ...tooLong(`list.sections.${s}.rows.${r}.title`, `Row "${row.title}"`, row.title, LIMITS.rowTitle),
      );
      if (row.description) {
        issues.push(
          ...tooLong(
            `list.sections.${s}.rows.${r}.description`,
            `The description of row "${row.title}"`,
            row.description,
            LIMITS.rowDescription,
          ),
        );
      }
    });
  });
  return issues;
}

export function lintTemplate(ref: TemplateRef | undefined, path: string): NodeLintIssue[] {
  if (!ref || TEMPLATE_NAME_PATTERN.test(ref.name)) return [];
  return [
    {
      code: 'TEMPLATE_NAME',
      severity: 'error',
      path: `${path}.name`,
      message: `"${ref.name}" is not a valid WhatsApp template name: use lowercase letters, digits and "_" only.`,
    },
  ];
}

export function templateExpressions(ref: TemplateRef | undefined, path: string) {
  if (!ref) return [];
  const fields = (ref.params ?? []).map((source, index) => ({
    path: `${path}.params.${index}`,
    kind: 'template' as const,
    source,
  }));
  if (ref.header) fields.push({ path: `${path}.header`, kind: 'template', source: ref.header });
  return fields;
}
