import { z } from 'zod';

/** A stored message as the inbox reads it (the row plus its file, when it has one). */
export interface MessageRow {
  id: string;
  direction: 'in' | 'out';
  type: string;
  body: unknown;
  status: string;
  runId: string | null;
  errorCode: string | null;
  errorMessage: string | null;
  createdAt: Date;
  media: {
    id: string;
    status: string;
    kind: string;
    mimeType: string | null;
    filename: string | null;
  } | null;
}

export interface InboxMessage {
  id: string;
  direction: 'in' | 'out';
  /** Who wrote it: the contact, the bot (a flow), or a person from the workspace. */
  from: 'contact' | 'bot' | 'person';
  authorName: string | null;
  kind: 'text' | 'buttons' | 'reply' | 'media' | 'document' | 'template' | 'location' | 'other';
  text: string | null;
  /** The choices the bot offered (buttons or list rows), by title. */
  choices: string[];
  template: { name: string; params: string[] } | null;
  document: { id: string; filename: string; url: string } | null;
  media: {
    kind: string;
    caption: string | null;
    filename: string | null;
    mimeType: string | null;
    /** pending: still downloading; stored: url opens it; rejected/failed/none: not available. */
    state: 'pending' | 'stored' | 'rejected' | 'failed' | 'none';
    url: string | null;
  } | null;
  status: string;
  error: string | null;
  at: string;
}

// Bodies are jsonb written by the engine and the API over time: read them leniently, field by field.
const bodySchema = z
  .object({
    type: z.string().optional(),
    text: z.string().optional(),
    buttonId: z.string().optional(),
    buttons: z.array(z.object({ title: z.string() }).loose()).optional(),
    list: z
      .object({
        sections: z.array(z.object({ rows: z.array(z.object({ title: z.string() }).loose()) }).loose()),
      })
      .loose()
      .optional(),
    template: z
      .object({ name: z.string(), params: z.array(z.string()).optional() })
      .loose()
      .optional(),
    documentId: z.string().optional(),
    filename: z.string().optional(),
    caption: z.string().optional(),
    media: z
      .object({
        kind: z.string().optional(),
        caption: z.string().optional(),
        filename: z.string().optional(),
        mimeType: z.string().optional(),
      })
      .loose()
      .optional(),
    author: z.object({ userId: z.string().optional(), apiKeyId: z.string().optional() }).loose().optional(),
  })
  .loose();

type Body = z.infer<typeof bodySchema>;

function kindOf(row: MessageRow, body: Body): InboxMessage['kind'] {
  const type = body.type ?? row.type;
  if (row.direction === 'in') {
    if (type === 'button' || type === 'list') return 'reply';
    if (type === 'media') return 'media';
    if (type === 'location') return 'location';
    return type === 'text' ? 'text' : 'other';
  }
  if (type === 'interactive') return 'buttons';
  if (type === 'media' || type === 'document' || type === 'template') return type;
  return 'text';
}

/** One stored message in the words the inbox shows; `names` maps user ids to people's names. */
export function toInboxMessage(row: MessageRow, names: ReadonlyMap<string, string>): InboxMessage {
  const parsed = bodySchema.safeParse(row.body);
  const body: Body = parsed.success ? parsed.data : {};
  const kind = kindOf(row, body);
  const authorId = body.author?.userId;
  const from: InboxMessage['from'] =
    row.direction === 'in' ? 'contact' : row.runId || !body.author ? 'bot' : 'person';
  const choices = body.buttons
    ? body.buttons.map((button) => button.title)
    : (body.list?.sections.flatMap((section) => section.rows.map((item) => item.title)) ?? []);
  const media =
    kind === 'media' || (row.direction === 'in' && body.media)
      ? {
          kind: body.media?.kind ?? 'file',
          caption: body.media?.caption ?? null,
          filename: row.media?.filename ?? body.media?.filename ?? null,
          mimeType: row.media?.mimeType ?? body.media?.mimeType ?? null,
          state: (row.media?.status ?? 'none') as NonNullable<InboxMessage['media']>['state'],
          url: row.media?.status === 'stored' ? `/api/inbox/media/${row.media.id}` : null,
        }
      : null;
  return {
    id: row.id,
    direction: row.direction,
    from,
    authorName: from === 'person' ? ((authorId && names.get(authorId)) ?? 'A teammate') : null,
    kind,
    text: body.text ?? body.caption ?? media?.caption ?? null,
    choices,
    template: body.template ? { name: body.template.name, params: body.template.params ?? [] } : null,
    document:
      kind === 'document' && body.documentId
        ? {
            id: body.documentId,
            filename: body.filename ?? 'document.pdf',
            url: `/api/documents/${body.documentId}/pdf`,
          }
        : null,
    media,
    status: row.status,
    error: row.status === 'failed' ? (row.errorMessage ?? row.errorCode ?? 'Not delivered') : null,
    at: row.createdAt.toISOString(),
  };
}
