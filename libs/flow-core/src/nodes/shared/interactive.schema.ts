import { z } from 'zod';
import { ui } from '../../flow/ui-hints';
import { LIMITS } from './whatsapp-limits';

export const OPTION_ID_PATTERN = /^[A-Za-z0-9_.:-]{1,200}$/;
export const VARIABLE_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

export const variableNameSchema = z.string().regex(VARIABLE_NAME_PATTERN, {
  error: 'must be a variable name: letters, digits and "_", not starting with a digit',
});

export const buttonSchema = z.object({
  id: z.string().regex(OPTION_ID_PATTERN, { error: 'button ids are letters, digits, "_", "-", "." or ":"' }),
  title: z
    .string()
    .min(1)
    .meta(ui({ maxChars: LIMITS.buttonTitle })),
});

export const listRowSchema = z.object({
  id: z.string().regex(OPTION_ID_PATTERN, { error: 'row ids are letters, digits, "_", "-", "." or ":"' }),
  title: z
    .string()
    .min(1)
    .meta(ui({ maxChars: LIMITS.rowTitle })),
  description: z
    .string()
    .meta(ui({ maxChars: LIMITS.rowDescription }))
    .optional(),
});

export const listSchema = z.object({
  button: z
    .string()
    .min(1)
    .meta(ui({ maxChars: LIMITS.listButton })),
  sections: z
    .array(
      z.object({
        title: z
          .string()
          .meta(ui({ maxChars: LIMITS.sectionTitle }))
          .optional(),
        rows: z
          .array(listRowSchema)
          .min(1)
          .meta(ui({ maxCount: LIMITS.listRows })),
      }),
    )
    .min(1)
    .meta(ui({ maxCount: LIMITS.listSections })),
});

export const mediaSchema = z.object({
  kind: z.enum(['image', 'document', 'video', 'audio']),
  url: z.string().min(1),
  caption: z
    .string()
    .meta(ui({ widget: 'prose', maxChars: LIMITS.caption }))
    .optional(),
  filename: z.string().optional(),
});

export type ButtonData = z.infer<typeof buttonSchema>;
export type ListData = z.infer<typeof listSchema>;

/** The title of the button or list row `id` of a node (what a tap carries as its text), if it has one. */
export function optionTitle(data: unknown, id: string): string | undefined {
  const { buttons, list } = (data ?? {}) as { buttons?: ButtonData[]; list?: ListData };
  const options = [...(buttons ?? []), ...(list?.sections.flatMap((section) => section.rows) ?? [])];
  return options.find((option) => option.id === id)?.title;
}

/** The buttons or list rows of a node, in order: the choices a contact can tap. */
export function optionsOf(data: {
  buttons?: ButtonData[];
  list?: ListData;
}): Array<{ id: string; title: string }> {
  if (data.buttons) return data.buttons.map(({ id, title }) => ({ id, title }));
  if (data.list)
    return data.list.sections.flatMap((section) => section.rows.map(({ id, title }) => ({ id, title })));
  return [];
}
