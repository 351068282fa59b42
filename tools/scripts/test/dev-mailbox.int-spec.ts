import nodemailer from 'nodemailer';
import { startDevMailbox, type DevMailbox } from '../lib/dev-mailbox.cjs';

describe('the development mailbox of npm start', () => {
  let mailbox: DevMailbox;

  beforeAll(async () => {
    // Port 0: any free ports, so the test never fights a running `npm start`.
    mailbox = await startDevMailbox({ smtpPort: 0, webPort: 0 });
  });

  afterAll(async () => {
    await mailbox.close();
  });

  it('accepts mail over SMTP and shows it on its web page, HTML sandboxed', async () => {
    const transport = nodemailer.createTransport(mailbox.smtpUrl);
    await transport.sendMail({
      from: 'Leadline <n@leadline.localhost>',
      to: 'ana@acme.test',
      subject: 'Ada is waiting for a person',
      text: 'Open the conversation: http://localhost:5173/inbox/c1',
      html: '<p>Open <a href="http://localhost:5173/inbox/c1">the conversation</a><script>alert(1)</script></p>',
    });
    transport.close();
    const list = await (await fetch(mailbox.webUrl)).text();
    expect(list).toContain('ana@acme.test');
    expect(list).toContain('<a href="/mail/0">Ada is waiting for a person</a>');
    const shown = await (await fetch(`${mailbox.webUrl}/mail/0`)).text();
    expect(shown).toContain('<iframe sandbox');
    expect(shown).not.toContain('<script>alert(1)</script>');
    expect(shown).toContain('Open the conversation: http://localhost:5173/inbox/c1');
    expect((await fetch(`${mailbox.webUrl}/mail/9`)).status).toBe(404);
  });
});
