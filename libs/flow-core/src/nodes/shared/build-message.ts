import type { StepContext } from '../../runtime/step-context';
import type { OutboundMessage } from '../../runtime/messages';
import type { ButtonData, ListData } from './interactive.schema';

export interface MessageContent {
  text?: string;
  buttons?: ButtonData[];
  list?: ListData;
  media?: {
    kind: 'image' | 'document' | 'video' | 'audio';
    url: string;
    caption?: string;
    filename?: string;
  };
}

/** Interpolates a node's content into the message the channel sends. */
export async function buildMessage(
  ctx: StepContext,
  nodeId: string,
  content: MessageContent,
): Promise<OutboundMessage> {
  const fill = (text: string) => ctx.interpolate(nodeId, text);
  if (content.media) {
    const { kind, url, caption, filename } = content.media;
    return {
      type: 'media',
      media: {
        kind,
        url: await fill(url),
        ...(caption === undefined ? {} : { caption: await fill(caption) }),
        ...(filename === undefined ? {} : { filename: await fill(filename) }),
      },
    };
  }
  const text = await fill(content.text ?? '');
  if (content.buttons) {
    const buttons = await Promise.all(
      content.buttons.map(async (b) => ({ id: b.id, title: await fill(b.title) })),
    );
    return { type: 'interactive', text, buttons };
  }
  if (content.list) {
    const sections = await Promise.all(
      content.list.sections.map(async (section) => ({
        ...(section.title === undefined ? {} : { title: await fill(section.title) }),
        rows: await Promise.all(
          section.rows.map(async (row) => ({
            id: row.id,
            title: await fill(row.title),
            ...(row.description === undefined ? {} : { description: await fill(row.description) }),
          })),
        ),
      })),
    );
    return { type: 'interactive', text, list: { button: await fill(content.list.button), sections } };
  }
  return { type: 'text', text };
}

export function contentExpressions(content: MessageContent) {
  const fields: Array<{ path: string; kind: 'template'; source: string }> = [];
  if (content.text !== undefined) fields.push({ path: 'text', kind: 'template', source: content.text });
  content.buttons?.forEach((b, i) =>
    fields.push({ path: `buttons.${i}.title`, kind: 'template', source: b.title }),
  );
  content.list?.sections.forEach((section, s) =>
    section.rows.forEach((row, r) =>
      fields.push({ path: `list.sections.${s}.rows.${r}.title`, kind: 'template', source: row.title }),
    ),
  );
  if (content.media) {
    fields.push({ path: 'media.url', kind: 'template', source: content.media.url });
    if (content.media.caption)
      fields.push({ path: 'media.caption', kind: 'template', source: content.media.caption });
  }
  return fields;
}
