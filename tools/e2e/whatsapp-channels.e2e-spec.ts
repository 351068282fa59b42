import { publishFlowVersion, type Prisma } from '@leadline/database';
import { documentLinkKey, getDocumentContent, signDocumentLink } from '@leadline/documents';
import { HOUR_MS, metaSignature } from '../fake-whatsapp';
import { startE2eStack, type E2eStack } from './support/e2e-stack';
import { exampleFlow } from './support/seed-tenant';
import { messageRows, metaShown, twilioShown } from './support/observations';
import { settled, waitFor } from './support/poll';
import { FLOW_TEXT, META, TWILIO } from './support/test-channels';
import { metaTextWebhook, postMetaWebhook, postTwilioWebhook } from './support/webhook-requests';

const unixSeconds = (ms: number) => Math.floor(ms / 1000);

/**
 * The WhatsApp channels end to end, through the real API (webhooks) and the real worker (embedded
 * engine), against the loopback fakes of Meta's Cloud API and Twilio.
 */
describe('WhatsApp channels end to end (API + worker + fake providers)', () => {
  let stack: E2eStack;

  beforeAll(async () => {
    stack = await startE2eStack();
  }, 60_000);

  afterAll(async () => {
    await stack?.stop();
  }, 30_000);

  const metaTexts = (user: string) => stack.fakeMeta.received(user).map(metaShown);
  const twilioTexts = (user: string) => stack.fakeTwilio.received(user).map(twilioShown);

  it('Meta: a user who says hi gets the welcome, then the first question, and the conversation goes on', async () => {
    const user = '+27740000001';
    stack.fakeMeta.userSends({ from: '27740000001', name: 'Ana', text: 'hi' });

    await waitFor('two replies at the fake Meta', () => metaTexts(user).length >= 2);
    const [welcome, question] = stack.fakeMeta.received(user);
    expect([welcome, question].map((m) => [m.to, m.type, (m.body.text as { body: string }).body])).toEqual([
      [user, 'text', FLOW_TEXT.welcome],
      [user, 'text', FLOW_TEXT.askName],
    ]);
    expect(welcome.at).toBeLessThanOrEqual(question.at);

    stack.fakeMeta.userSends({ from: '27740000001', name: 'Ana', text: 'Ana Sousa' });
    await waitFor('the interest question', () => metaTexts(user).length >= 3);
    const next = stack.fakeMeta.received(user)[2];
    expect(next.type).toBe('interactive');
    expect(metaShown(next)).toBe(FLOW_TEXT.askNeed('Ana Sousa'));
    const buttons = (next.body.interactive as { action: { buttons: Array<{ reply: { title: string } }> } })
      .action.buttons;
    expect(buttons.map((b) => b.reply.title)).toEqual(FLOW_TEXT.needOptions);

    // The fake reported sent + delivered for each: the rows follow, keyed by the fake's wamids.
    const wamids = stack.fakeMeta.received(user).map((m) => m.wamid);
    const rows = await waitFor('every outbound row delivered', async () => {
      const out = await messageRows(stack, user, 'out');
      return out.length === 3 && out.every((row) => row.status === 'delivered') && out;
    });
    expect(rows.map((row) => row.providerMessageId).sort()).toEqual([...wamids].sort());
    expect(rows.every((row) => row.sentAt && row.deliveredAt && row.channelId === stack.metaChannelId)).toBe(
      true,
    );
    const inbound = await messageRows(stack, user, 'in');
    expect(inbound.map((row) => row.status)).toEqual(['received', 'received']);
  });

  it('Twilio: the same conversation start reaches the user through Twilio, from our sender', async () => {
    const user = '+27740000002';
    stack.fakeTwilio.userSends({
      from: user,
      to: `whatsapp:${TWILIO.number}`,
      profileName: 'Ben',
      body: 'hi',
    });

    await waitFor('two replies at the fake Twilio', () => twilioTexts(user).length >= 2);
    expect(stack.fakeTwilio.received(user).map((m) => [m.to, m.from, m.body, m.contentSid ?? null])).toEqual([
      [`whatsapp:${user}`, `whatsapp:${TWILIO.number}`, FLOW_TEXT.welcome, null],
      [`whatsapp:${user}`, `whatsapp:${TWILIO.number}`, FLOW_TEXT.askName, null],
    ]);

    stack.fakeTwilio.userSends({
      from: user,
      to: `whatsapp:${TWILIO.number}`,
      profileName: 'Ben',
      body: 'Ben',
    });
    await waitFor('the interest question', () => twilioTexts(user).length >= 3);
    // Twilio has no ad-hoc reply buttons: the options come as a numbered list the user can answer.
    expect(twilioTexts(user)[2]).toBe(
      `${FLOW_TEXT.askNeed('Ben')}\n\n${FLOW_TEXT.needOptions.map((o, i) => `${i + 1}. ${o}`).join('\n')}`,
    );

    // Signed status callbacks (over PUBLIC_URL) moved every row to delivered, keyed by the SIDs.
    const sids = stack.fakeTwilio.received(user).map((m) => m.sid);
    const rows = await waitFor('every outbound row delivered', async () => {
      const out = await messageRows(stack, user, 'out');
      return out.length === 3 && out.every((row) => row.status === 'delivered') && out;
    });
    expect(rows.map((row) => row.providerMessageId).sort()).toEqual([...sids].sort());
    expect(rows.every((row) => row.channelId === stack.twilioChannelId)).toBe(true);
  });

  describe('webhook authentication and validation', () => {
    /** Everything a webhook could have left behind for this contact / provider message id. */
    async function traces(phone: string, providerMessageId: string) {
      const [contacts, messages, events] = await Promise.all([
        stack.prisma.contact.count({ where: { phone } }),
        stack.prisma.message.count({ where: { providerMessageId } }),
        stack.prisma.contactEvent.count({ where: { contact: { phone } } }),
      ]);
      return { contacts, messages, events };
    }

    it('Meta: a wrong or missing X-Hub-Signature-256 gets 401 and stores nothing; the right one is accepted', async () => {
      const wamid = 'wamid.e2e-signature-check-1';
      const body = metaTextWebhook({ from: '27740000003', wamid, text: 'ok thanks' });

      const forged = await postMetaWebhook(stack.apiUrl, body, 'not-the-app-secret');
      expect(forged.status).toBe(401);
      expect(forged.json?.error?.code).toBe('INVALID_SIGNATURE');
      const unsigned = await postMetaWebhook(stack.apiUrl, body, null);
      expect(unsigned.status).toBe(401);
      // A signature of other bytes (here: the body with one character changed) is as bad as none.
      const tampered = await postMetaWebhook(stack.apiUrl, body.replace('ok thanks', 'ok thanx'), {
        header: metaSignature(META.appSecret, Buffer.from(body)),
      });
      expect(tampered.status).toBe(401);
      expect(await traces('+27740000003', wamid)).toEqual({ contacts: 0, messages: 0, events: 0 });

      // The same bytes, correctly signed, are stored: the 401s above were about the signature alone.
      const genuine = await postMetaWebhook(stack.apiUrl, body);
      expect(genuine.status).toBe(200);
      expect(await traces('+27740000003', wamid)).toEqual({ contacts: 1, messages: 1, events: 1 });
    });

    it('Twilio: a wrong X-Twilio-Signature gets 401 and stores nothing; the right one is accepted', async () => {
      const sid = `SM${'e2e1'.repeat(8)}`;
      const params = {
        MessageSid: sid,
        SmsMessageSid: sid,
        AccountSid: TWILIO.accountSid,
        From: 'whatsapp:+27740000004',
        To: `whatsapp:${TWILIO.number}`,
        Body: 'ok thanks',
        NumMedia: '0',
        ProfileName: 'Gus',
        WaId: '27740000004',
      };
      const forged = await postTwilioWebhook(stack.apiUrl, params, 'not-the-auth-token');
      expect(forged.status).toBe(401);
      expect(forged.json?.error?.code).toBe('INVALID_SIGNATURE');
      expect(await traces('+27740000004', sid)).toEqual({ contacts: 0, messages: 0, events: 0 });

      const genuine = await postTwilioWebhook(stack.apiUrl, params, TWILIO.authToken);
      expect(genuine.status).toBe(200);
      expect(genuine.text).toContain('<Response></Response>');
      expect(await traces('+27740000004', sid)).toEqual({ contacts: 1, messages: 1, events: 1 });
    });

    it('Meta: malformed JSON is 400 with a reason, a signed non-WhatsApp body is 400 MALFORMED_WEBHOOK', async () => {
      const broken = await postMetaWebhook(stack.apiUrl, '{"object":"whatsapp_business_account","entry":[');
      expect(broken.status).toBe(400);
      expect(broken.json?.error?.message).toEqual(expect.stringMatching(/JSON|Unexpected|end/i));

      const notWhatsApp = await postMetaWebhook(
        stack.apiUrl,
        JSON.stringify({ object: 'page', entry: [{ id: '1', time: 1, messaging: [] }] }),
      );
      expect(notWhatsApp.status).toBe(400);
      expect(notWhatsApp.json?.error?.code).toBe('MALFORMED_WEBHOOK');
      expect(notWhatsApp.json?.error?.message).toEqual(expect.any(String));
    });

    it('Meta: a body over 3 MB is refused with 413', async () => {
      const huge = JSON.stringify({
        object: 'whatsapp_business_account',
        entry: [],
        pad: 'x'.repeat(3_200_000),
      });
      const answer = await postMetaWebhook(stack.apiUrl, huge);
      expect(answer.status).toBe(413);
      expect(answer.json?.error?.code).toBe('PAYLOAD_TOO_LARGE');
    });

    it('Meta: the GET handshake echoes the challenge for the right verify token and is 403 otherwise', async () => {
      const url = (token: string) =>
        `${stack.apiUrl}/webhooks/meta?hub.mode=subscribe&hub.verify_token=${encodeURIComponent(token)}&hub.challenge=1158201444`;
      const right = await fetch(url(META.verifyToken));
      expect(right.status).toBe(200);
      expect(await right.text()).toBe('1158201444');
      const wrong = await fetch(url('guessed-token'));
      expect(wrong.status).toBe(403);
      expect(await wrong.text()).not.toContain('1158201444');
      // And as Meta itself performs it.
      expect(await stack.fakeMeta.verifyWebhook(`${stack.apiUrl}/webhooks/meta`, META.verifyToken)).toBe(
        true,
      );
      expect(await stack.fakeMeta.verifyWebhook(`${stack.apiUrl}/webhooks/meta`, 'guessed-token')).toBe(
        false,
      );
    });
  });

  it('Meta: a webhook delivered twice gets one reply and one stored message', async () => {
    const user = '+27740000005';
    await stack.fakeMeta.flushWebhooks();
    stack.fakeMeta.duplicateNextWebhooks(1);
    const { wamid } = stack.fakeMeta.userSends({ from: user, name: 'Hal', text: 'hello' });

    await waitFor('the replies', () => metaTexts(user).length >= 2);
    await stack.fakeMeta.flushWebhooks();
    const copies = stack.fakeMeta.webhookDeliveries().filter((d) => d.body.includes(wamid));
    expect(copies.map((d) => [d.duplicate, d.outcome, d.attempts.at(-1)?.status])).toEqual([
      [false, 'delivered', 200],
      [true, 'delivered', 200],
    ]);
    expect(await settled(() => metaTexts(user).length)).toBe(2);
    expect(metaTexts(user)).toEqual([FLOW_TEXT.welcome, FLOW_TEXT.askName]);
    expect(await messageRows(stack, user, 'in')).toHaveLength(1);
    expect(await messageRows(stack, user, 'out')).toHaveLength(2);
  });

  it('Meta: statuses that arrive out of order never move a message backwards (read stays read)', async () => {
    const user = '+27740000006';
    // Hold the provider's webhooks so that every status of this conversation can be reordered; the
    // user's message goes to the API directly (signed), and the fake learns the window from it.
    await stack.fakeMeta.flushWebhooks();
    stack.fakeMeta.pauseWebhooks();
    try {
      stack.fakeMeta.openWindow(user);
      const inbound = await postMetaWebhook(
        stack.apiUrl,
        metaTextWebhook({ from: '27740000006', wamid: 'wamid.e2e-reorder-1', text: 'hi' }),
      );
      expect(inbound.status).toBe(200);
      await waitFor('the replies', () => metaTexts(user).length >= 2);
      await waitFor('both rows recorded as sent', async () => {
        const out = await messageRows(stack, user, 'out');
        return out.length === 2 && out.every((row) => row.status === 'sent');
      });
      stack.fakeMeta.markReadByUser(stack.fakeMeta.received(user)[1].wamid);
      // Queued: sent+delivered of each reply, then read. Reversed: read first, then delivered, then sent.
      stack.fakeMeta.configureWebhooks({ order: 'reverse' });
    } finally {
      stack.fakeMeta.resumeWebhooks();
    }
    await stack.fakeMeta.flushWebhooks();
    stack.fakeMeta.configureWebhooks({ order: 'fifo' });

    const [welcome, question] = stack.fakeMeta.received(user);
    const statusOrder = stack.fakeMeta
      .webhookDeliveries()
      .filter((d) => d.body.includes(question.wamid))
      .map(
        (d) =>
          (JSON.parse(d.body) as { entry: [{ changes: [{ value: { statuses: [{ status: string }] } }] }] })
            .entry[0].changes[0].value.statuses[0].status,
      );
    expect(statusOrder).toEqual(['read', 'delivered', 'sent']);

    const rows = await messageRows(stack, user, 'out');
    const byWamid = new Map(rows.map((row) => [row.providerMessageId, row]));
    const read = byWamid.get(question.wamid);
    expect(read?.status).toBe('read');
    expect(read?.readAt).toBeInstanceOf(Date);
    expect(read?.deliveredAt).toBeInstanceOf(Date);
    expect(byWamid.get(welcome.wamid)?.status).toBe('delivered');
  });

  describe("the provider's webhooks overtake its answer to the send (slow network)", () => {
    afterEach(() => {
      stack.metaApi.answerDelayMs = 0;
      stack.twilioApi.answerDelayMs = 0;
    });

    /** Each row's status once the held-back answers were passed on and nothing changed for a while. */
    async function statusesAfterTheAnswers(user: string, proxy: E2eStack['metaApi']) {
      await waitFor('the held-back answers passed on', () => proxy.inFlight === 0);
      return settled(async () => (await messageRows(stack, user, 'out')).map((row) => row.status), 500);
    }

    it('Meta: the delivered status that came first is kept, not overwritten by the late answer', async () => {
      const user = '+27740000011';
      stack.metaApi.answerDelayMs = 400;
      stack.fakeMeta.userSends({ from: user, name: 'Kim', text: 'hi' });
      await waitFor('the replies', () => metaTexts(user).length >= 2);

      expect(await statusesAfterTheAnswers(user, stack.metaApi)).toEqual(['delivered', 'delivered']);
      const rows = await messageRows(stack, user, 'out');
      expect(rows.map((row) => row.providerMessageId).sort()).toEqual(
        stack.fakeMeta
          .received(user)
          .map((m) => m.wamid)
          .sort(),
      );
      expect(rows.every((row) => row.sentAt && row.deliveredAt)).toBe(true);
    });

    it('Twilio: status callbacks that came first are kept, not lost', async () => {
      const user = '+27740000012';
      stack.twilioApi.answerDelayMs = 400;
      stack.fakeTwilio.userSends({
        from: user,
        to: `whatsapp:${TWILIO.number}`,
        profileName: 'Lou',
        body: 'hi',
      });
      await waitFor('the replies', () => twilioTexts(user).length >= 2);

      expect(await statusesAfterTheAnswers(user, stack.twilioApi)).toEqual(['delivered', 'delivered']);
      const rows = await messageRows(stack, user, 'out');
      expect(rows.map((row) => row.providerMessageId).sort()).toEqual(
        stack.fakeTwilio
          .received(user)
          .map((m) => m.sid)
          .sort(),
      );
    });
  });

  it('Meta: a 429 storm delays the replies; afterwards each arrives exactly once, in order', async () => {
    const user = '+27740000007';
    const stormEnds = Date.now() + 3_000;
    stack.fakeMeta.failFor(3_000, { httpStatus: 429, code: 130429, route: 'messages' });
    const rejectedBefore = stack.fakeMeta.rejections()[130429] ?? 0;
    stack.fakeMeta.userSends({ from: user, name: 'Ivy', text: 'info please' });

    await waitFor('the replies after the storm', () => metaTexts(user).length >= 2, 20_000);
    expect(await settled(() => metaTexts(user).length, 1_500)).toBe(2);
    expect(metaTexts(user)).toEqual([FLOW_TEXT.welcome, FLOW_TEXT.askName]);
    expect(stack.fakeMeta.rejections()[130429] ?? 0).toBeGreaterThan(rejectedBefore);
    expect(stack.fakeMeta.received(user)[0].at).toBeGreaterThanOrEqual(stormEnds - 50);

    const rows = await waitFor('both rows delivered', async () => {
      const out = await messageRows(stack, user, 'out');
      return out.length === 2 && out.every((row) => row.status === 'delivered') && out;
    });
    expect(rows.map((row) => row.providerMessageId).sort()).toEqual(
      stack.fakeMeta
        .received(user)
        .map((m) => m.wamid)
        .sort(),
    );
  }, 30_000);

  it('Meta: a message whose webhook arrives 25 hours late is answered with the template, not a session message', async () => {
    const user = '+27740000008';
    stack.fakeMeta.userSends({
      from: user,
      name: 'Dan',
      text: 'hi',
      timestamp: unixSeconds(Date.now() - 25 * HOUR_MS),
    });

    await waitFor('a reply', () => metaTexts(user).length >= 1);
    expect(await settled(() => metaTexts(user).length)).toBe(1);
    const [template] = stack.fakeMeta.received(user);
    expect(metaShown(template)).toBe('template:still_interested');
    expect(template.template).toMatchObject({ name: 'still_interested', language: 'en' });
    expect(template.body.template).toMatchObject({
      components: [{ type: 'body', parameters: [{ type: 'text', text: 'Dan' }] }],
    });
    const rows = await waitFor('the template row delivered', async () => {
      const out = await messageRows(stack, user, 'out');
      return out.length === 1 && out[0].status === 'delivered' && out;
    });
    expect(rows[0]).toMatchObject({ type: 'template', providerMessageId: template.wamid });
  });

  describe('the provider says the window closed although the engine thought it open', () => {
    beforeAll(() => {
      // From here on the providers' clock runs 25 h ahead: a message sent "now" (real time) is
      // inside the window for the engine but outside it for the provider.
      stack.fakeClock.aheadMs = 25 * HOUR_MS;
    });

    it('Meta 131047: the failed replies are recorded and the re-engagement template goes out once', async () => {
      const user = '+27740000009';
      stack.fakeMeta.userSends({ from: user, name: 'Eva', text: 'hi', timestamp: unixSeconds(Date.now()) });

      await waitFor('two replies and the template', () => metaTexts(user).length >= 3);
      expect(await settled(() => metaTexts(user).length)).toBe(3);
      expect(metaTexts(user)).toEqual([FLOW_TEXT.welcome, FLOW_TEXT.askName, 'template:still_interested']);
      const [welcome, question, template] = stack.fakeMeta.received(user);
      expect([welcome.status, welcome.errorCode, question.status, question.errorCode]).toEqual([
        'failed',
        131047,
        'failed',
        131047,
      ]);

      const rows = await waitFor('the rows settled', async () => {
        const out = await messageRows(stack, user, 'out');
        const done =
          out.length === 3 && out.every((row) => row.status === 'failed' || row.status === 'delivered');
        return done && out;
      });
      const byWamid = new Map(rows.map((row) => [row.providerMessageId, row]));
      for (const failed of [welcome, question]) {
        expect(byWamid.get(failed.wamid)).toMatchObject({ status: 'failed', errorCode: '131047' });
      }
      expect(byWamid.get(template.wamid)).toMatchObject({ status: 'delivered', type: 'template' });
    });

    it('Twilio 63016: the failed replies are recorded and the re-engagement Content template (its ContentSid synced from the account) goes out once', async () => {
      const user = '+27740000010';
      stack.fakeTwilio.userSends({
        from: user,
        to: `whatsapp:${TWILIO.number}`,
        profileName: 'Fay',
        body: 'hi',
        at: Date.now(),
      });

      await waitFor('two replies and the template', () => twilioTexts(user).length >= 3);
      expect(await settled(() => twilioTexts(user).length)).toBe(3);
      expect(twilioTexts(user)).toEqual([
        FLOW_TEXT.welcome,
        FLOW_TEXT.askName,
        `template:${TWILIO.stillInterestedSid}`,
      ]);
      const [welcome, question, template] = stack.fakeTwilio.received(user);
      expect([welcome.errorCode, question.errorCode]).toEqual([63016, 63016]);
      expect(template.contentVariables).toEqual({ '1': 'Fay' });

      const rows = await waitFor('the rows settled', async () => {
        const out = await messageRows(stack, user, 'out');
        const done =
          out.length === 3 && out.every((row) => row.status === 'failed' || row.status === 'delivered');
        return done && out;
      });
      const bySid = new Map(rows.map((row) => [row.providerMessageId, row]));
      for (const failed of [welcome, question]) {
        expect(bySid.get(failed.sid)).toMatchObject({ status: 'failed', errorCode: '63016' });
      }
      expect(bySid.get(template.sid)).toMatchObject({ status: 'delivered', type: 'template' });
    });
  });

  it('Twilio: a generated quote goes out as a document Twilio fetches from a signed, expiring link', async () => {
    const flow = exampleFlow('quote-request');
    await stack.inTenant((tx) =>
      publishFlowVersion(tx, {
        tenantId: stack.tenantId,
        key: String(flow.id),
        name: String(flow.name),
        definition: flow as Prisma.InputJsonValue,
      }),
    );
    const user = '+27740000090';
    const say = (body: string) =>
      stack.fakeTwilio.userSends({ from: user, to: `whatsapp:${TWILIO.number}`, profileName: 'Zola', body });
    say('I would like a quote');
    await waitFor('the package question', () => twilioTexts(user).length >= 1);
    say('1'); // Starter 3 kW, from the numbered list
    await waitFor('the battery question', () => twilioTexts(user).length >= 2);
    say('2'); // no battery
    const sent = await waitFor('the quote document', () =>
      stack.fakeTwilio.received(user).find((m) => m.mediaUrls.length > 0),
    );

    const document = await stack.inTenant((tx) =>
      tx.document.findFirstOrThrow({ where: { contact: { phone: user } } }),
    );
    const [link] = sent.mediaUrls;
    const url = new URL(link);
    expect(`${url.origin}${url.pathname}`).toBe(
      `${stack.apiUrl}/media/documents/${document.id}/${encodeURIComponent(document.filename)}`,
    );
    expect(sent.body).toBe(`Your quote ${document.number}`);

    // What Twilio does with MediaUrl: fetch it, without credentials.
    const fetched = await fetch(link);
    expect(fetched.status).toBe(200);
    expect(fetched.headers.get('content-type')).toBe('application/pdf');
    const bytes = Buffer.from(await fetched.arrayBuffer());
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const stored = await stack.inTenant((tx) => getDocumentContent(tx, document.id));
    expect(bytes.equals(stored!.content)).toBe(true);

    // A changed signature, another document under the same signature, or an expired link: 403.
    const tampered = new URL(link);
    tampered.searchParams.set('sig', `${tampered.searchParams.get('sig')!.slice(0, -2)}AA`);
    expect((await fetch(tampered)).status).toBe(403);
    const otherId = new URL(link.replace(document.id, '00000000-0000-4000-8000-000000000000'));
    expect((await fetch(otherId)).status).toBe(403);
    const key = documentLinkKey(stack.config.security.encryptionKey);
    const target = { tenantId: stack.tenantId, documentId: document.id, filename: document.filename };
    const expired = signDocumentLink({
      ...target,
      publicUrl: stack.apiUrl,
      key,
      expiresAt: new Date(Date.now() - 1_000),
    });
    const refused = await fetch(expired);
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('LINK_EXPIRED');
    // A genuine signature for a document that does not exist (or is another tenant's): 404.
    const missing = signDocumentLink({
      ...target,
      documentId: '00000000-0000-4000-8000-000000000000',
      publicUrl: stack.apiUrl,
      key,
      expiresAt: new Date(Date.now() + 60_000),
    });
    expect((await fetch(missing)).status).toBe(404);
  });

  it('neither app logged an error through all of this', async () => {
    await Promise.all([stack.fakeMeta.flushWebhooks(), stack.fakeTwilio.flushWebhooks()]);
    expect(stack.errorLogs()).toEqual([]);
  });
});
