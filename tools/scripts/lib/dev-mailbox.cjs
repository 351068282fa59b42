// The development mailbox `npm start` runs when SMTP_URL is not set: a real SMTP server (smtp-server)
// that keeps the mails it receives in memory, and a small web page that lists and shows them.
// Bound to 127.0.0.1 only; nothing is relayed anywhere. Mail HTML is shown in a sandboxed iframe.
'use strict';
const http = require('node:http');

const MAX_MAILS = 200;

function escapeHtml(text) {
  return String(text ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

function listen(server, port, host) {
  return new Promise((resolve, reject) => {
    const onError = (error) => {
      server.off('listening', onListening);
      reject(error);
    };
    const onListening = () => {
      server.off('error', onError);
      resolve(server.address().port);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}

/** Listens on the preferred port, or any free one when it is taken. */
async function listenPreferring(server, port, host) {
  try {
    return await listen(server, port, host);
  } catch (error) {
    if (error && error.code === 'EADDRINUSE') return listen(server, 0, host);
    throw error;
  }
}

function page(title, body) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;margin:24px;color:#1f2933}table{border-collapse:collapse;width:100%}
td,th{padding:6px 10px;border-bottom:1px solid #e4e7eb;text-align:left}iframe{width:100%;height:70vh;border:1px solid #cdd3db}
pre{white-space:pre-wrap;background:#f4f5f7;padding:12px}</style></head><body>${body}</body></html>`;
}

/**
 * Starts the mailbox. Returns { smtpUrl, webUrl, mails, close() }.
 * @param {{ smtpPort?: number, webPort?: number, host?: string }} options
 */
async function startDevMailbox(options = {}) {
  const { SMTPServer } = require('smtp-server');
  const { simpleParser } = require('mailparser');
  const host = options.host ?? '127.0.0.1';
  const mails = [];
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    size: 5 * 1024 * 1024,
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail) => {
          mails.unshift({ at: new Date(), mail });
          mails.length = Math.min(mails.length, MAX_MAILS);
          callback();
        })
        .catch(callback);
    },
  });
  const smtpPort = await listenPreferring(smtp.server, options.smtpPort ?? 1025, host);

  const web = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://mailbox');
    const match = /^\/mail\/(\d+)$/.exec(url.pathname);
    res.setHeader('content-type', 'text/html; charset=utf-8');
    if (url.pathname === '/') {
      const rows = mails
        .map(
          ({ at, mail }, index) =>
            `<tr><td>${escapeHtml(at.toLocaleString())}</td><td>${escapeHtml(mail.to?.text)}</td>` +
            `<td><a href="/mail/${index}">${escapeHtml(mail.subject || '(no subject)')}</a></td></tr>`,
        )
        .join('');
      res.end(
        page(
          'Leadline development mailbox',
          `<h1>Development mailbox</h1><p>Every e-mail Leadline sends while SMTP_URL is unset lands here (newest first).</p>` +
            (rows
              ? `<table><tr><th>Received</th><th>To</th><th>Subject</th></tr>${rows}</table>`
              : '<p>No mail yet.</p>'),
        ),
      );
      return;
    }
    const entry = match ? mails[Number(match[1])] : undefined;
    if (!entry) {
      res.statusCode = 404;
      res.end(page('Not found', '<p>No such mail. <a href="/">Back</a></p>'));
      return;
    }
    const { mail } = entry;
    res.end(
      page(
        mail.subject || 'Mail',
        `<p><a href="/">← All mail</a></p><h1>${escapeHtml(mail.subject)}</h1>` +
          `<p>From ${escapeHtml(mail.from?.text)} to ${escapeHtml(mail.to?.text)}</p>` +
          (mail.html
            ? `<iframe sandbox title="HTML version" srcdoc="${escapeHtml(mail.html)}"></iframe>`
            : '') +
          `<h2>Plain text</h2><pre>${escapeHtml(mail.text)}</pre>`,
      ),
    );
  });
  const webPort = await listenPreferring(web, options.webPort ?? 1080, host);

  return {
    smtpUrl: `smtp://${host}:${smtpPort}`,
    webUrl: `http://localhost:${webPort}`,
    mails,
    close: () =>
      Promise.all([
        new Promise((resolve) => smtp.close(() => resolve())),
        new Promise((resolve) => web.close(() => resolve())),
      ]),
  };
}

module.exports = { startDevMailbox };
