import { createHash } from 'node:crypto';
import { ManualClock } from '../clock';
import { FakeMetaGraph } from '../fake-meta-graph';
import { WebhookReceiver } from './webhook-receiver';
import {
  APP_SECRET,
  graphError,
  graphRequest,
  hasValidMetaSignature,
  PHONE_NUMBERS,
  PNID,
  send,
  TOKEN,
  USER,
  WABA,
  type Envelope,
} from './meta-helpers';

describe('FakeMetaGraph: media and template management', () => {
  let clock: ManualClock;
  let fake: FakeMetaGraph;
  let receiver: WebhookReceiver;

  beforeEach(async () => {
    clock = new ManualClock();
    receiver = await new WebhookReceiver().start();
    fake = new FakeMetaGraph({
      phoneNumbers: PHONE_NUMBERS,
      appSecret: APP_SECRET,
      webhookUrl: receiver.url(),
      now: clock.now,
    });
    await fake.start();
  });

  afterEach(async () => {
    await fake.stop();
    await receiver.stop();
  });

  function upload(bytes: Buffer, filename: string, type: string, product = 'whatsapp', token = TOKEN) {
    const form = new FormData();
    form.set('messaging_product', product);
    form.set('file', new Blob([new Uint8Array(bytes)], { type }), filename);
    return graphRequest(fake, `/v25.0/${PNID}/media`, { body: form, token });
  }

  describe('media', () => {
    it('stores an upload and serves its metadata and bytes to the owner', async () => {
      const pdf = Buffer.from('%PDF-1.4 invoice 7781');
      const res = await upload(pdf, 'invoice-7781.pdf', 'application/pdf');
      expect(res.status).toBe(200);
      const id = res.body.id as string;
      expect(id).toMatch(/^\d+$/);
      expect(fake.media(id)).toMatchObject({
        filename: 'invoice-7781.pdf',
        mimeType: 'application/pdf',
        size: pdf.length,
      });

      const meta = await graphRequest(fake, `/v25.0/${id}`);
      expect(meta.body).toEqual({
        messaging_product: 'whatsapp',
        url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\//),
        mime_type: 'application/pdf',
        sha256: createHash('sha256').update(pdf).digest('hex'),
        file_size: pdf.length,
        id,
      });
      const url = meta.body.url as string;
      const download = await fetch(url, { headers: { Authorization: `Bearer ${TOKEN}` } });
      expect(download.status).toBe(200);
      expect(download.headers.get('content-type')).toBe('application/pdf');
      expect(Buffer.from(await download.arrayBuffer())).toEqual(pdf);

      expect((await fetch(url)).status).toBe(401);
      clock.advance(5 * 60 * 1000 + 1000);
      expect((await fetch(url, { headers: { Authorization: `Bearer ${TOKEN}` } })).status).toBe(404);
    });

    it('rejects uploads without messaging_product or file, and images over 5 MB with 131053', async () => {
      const noProduct = await upload(Buffer.from('x'), 'a.txt', 'text/plain', 'messenger');
      expect(noProduct.status).toBe(400);
      expect(graphError(noProduct).error_data?.details).toContain('messaging_product');

      const form = new FormData();
      form.set('messaging_product', 'whatsapp');
      const noFile = await graphRequest(fake, `/v25.0/${PNID}/media`, { body: form });
      expect(graphError(noFile).error_data?.details).toContain('file is required');

      const big = await upload(Buffer.alloc(5 * 1024 * 1024 + 1), 'big.png', 'image/png');
      expect(big.status).toBe(400);
      expect(graphError(big).code).toBe(131053);

      const wrongToken = await upload(Buffer.from('x'), 'a.txt', 'text/plain', 'whatsapp', 'bad');
      expect(wrongToken.status).toBe(401);
      expect(fake.uploadedMedia()).toHaveLength(0);
    });

    it('answers 100 for an unknown media id and deletes media on DELETE', async () => {
      const id = (await upload(Buffer.from('hello'), 'a.txt', 'text/plain')).body.id as string;
      expect(graphError(await graphRequest(fake, '/v25.0/123456')).code).toBe(100);
      expect((await graphRequest(fake, `/v25.0/${id}`, { method: 'DELETE' })).body).toEqual({
        success: true,
      });
      expect(fake.media(id)).toBeUndefined();
    });
  });

  describe('templates', () => {
    const create = (name: string, extra: Record<string, unknown> = {}) =>
      graphRequest(fake, `/v25.0/${WABA}/message_templates`, {
        json: {
          name,
          language: 'en_US',
          category: 'utility',
          components: [{ type: 'BODY', text: 'Hi {{1}}' }],
          ...extra,
        },
      });

    it('creates a template as PENDING, validates the name, and refuses duplicates per language', async () => {
      const created = await create('booking_confirmed');
      expect(created.status).toBe(200);
      expect(created.body).toEqual({
        id: expect.stringMatching(/^\d+$/),
        status: 'PENDING',
        category: 'UTILITY',
      });
      for (const bad of ['Booking', 'booking-confirmed', 'booking confirmed', '']) {
        const res = await create(bad);
        expect(res.status).toBe(400);
        expect(graphError(res).code).toBe(100);
      }
      expect(graphError(await create('booking_confirmed')).error_data?.details).toContain('already exists');
      expect((await create('booking_confirmed', { language: 'de' })).status).toBe(200);
      expect(fake.templates(WABA).map((t) => `${t.name}/${t.language}`)).toEqual([
        'booking_confirmed/en_US',
        'booking_confirmed/de',
      ]);
    });

    it('pages the list with limit, cursors and an absolute paging.next URL', async () => {
      for (let i = 0; i < 5; i++) await create(`template_${i}`);
      const names: string[] = [];
      let next: string | undefined = `/v25.0/${WABA}/message_templates?limit=2&fields=name,status`;
      let pages = 0;
      while (next && pages < 10) {
        const path: string = next.startsWith('http') ? next.slice(fake.url.length) : next;
        const page = await graphRequest(fake, path);
        const data = page.body.data as Array<{
          name: string;
          status: string;
          id: string;
          components?: unknown;
        }>;
        expect(data.length).toBeLessThanOrEqual(2);
        expect(data.every((t) => t.components === undefined && t.status === 'PENDING')).toBe(true);
        names.push(...data.map((t) => t.name));
        const paging = page.body.paging as { next?: string; cursors: { after: string } } | undefined;
        if (paging?.next)
          expect(paging.next.startsWith(`${fake.url}/v25.0/${WABA}/message_templates?`)).toBe(true);
        next = paging?.next;
        pages += 1;
      }
      expect(pages).toBe(3);
      expect(names).toEqual(['template_0', 'template_1', 'template_2', 'template_3', 'template_4']);
      const badCursor = await graphRequest(fake, `/v25.0/${WABA}/message_templates?after=bm9wZQ`);
      expect(graphError(badCursor).code).toBe(100);
    });

    it('approveTemplate flips the status, emits message_template_status_update, and makes it sendable', async () => {
      const created = await create('table_ready');
      const sendIt = () =>
        send(fake, {
          messaging_product: 'whatsapp',
          to: USER,
          type: 'template',
          template: {
            name: 'table_ready',
            language: { code: 'en_US' },
            components: [{ type: 'body', parameters: [{ type: 'text', text: 'Ana' }] }],
          },
        });
      expect(graphError(await sendIt()).code).toBe(132001);

      fake.approveTemplate('table_ready', 'en_US');
      await fake.flushWebhooks();
      const [request] = receiver.posts();
      expect(hasValidMetaSignature(request)).toBe(true);
      expect(receiver.json<Envelope>()[0]).toEqual({
        object: 'whatsapp_business_account',
        entry: [
          {
            id: WABA,
            time: Math.floor(clock.now() / 1000),
            changes: [
              {
                field: 'message_template_status_update',
                value: {
                  event: 'APPROVED',
                  message_template_id: Number(created.body.id),
                  message_template_name: 'table_ready',
                  message_template_language: 'en_US',
                  reason: 'NONE',
                  message_template_category: 'UTILITY',
                },
              },
            ],
          },
        ],
      });
      expect((await sendIt()).status).toBe(200);
      const listed = await graphRequest(fake, `/v25.0/${WABA}/message_templates?status=APPROVED`);
      expect((listed.body.data as Array<{ name: string }>).map((t) => t.name)).toEqual(['table_ready']);
    });

    it('only lets tokens of the WABA manage its templates', async () => {
      const res = await graphRequest(fake, `/v25.0/${WABA}/message_templates`, { token: 'EAAG-other-token' });
      expect(res.status).toBe(401);
      expect(graphError(res).code).toBe(190);
    });
  });
});
