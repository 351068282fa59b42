// Turns DATABASE_URL / REDIS_URL into the host and port (or unix socket) that set-up probes.
const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '::1', '0.0.0.0', '::']);

function stripBrackets(host) {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

function tryUrl(text) {
  try {
    return new URL(text);
  } catch {
    return null;
  }
}

/**
 * Returns { host, port, socketPath } for a service URL. Missing parts fall back to the given defaults;
 * an unparsable URL throws, naming the variable, so the user sees which setting is wrong.
 * PostgreSQL unix sockets (`?host=/var/run/postgresql`) map to the socket file libpq would use.
 */
function parseServiceAddress(url, { name, defaultHost, defaultPort }) {
  if (url === undefined || url === '') return { host: defaultHost, port: defaultPort, socketPath: null };
  // libpq accepts `postgresql://user@/db?host=/socket/dir` (user, no host); WHATWG URL does not.
  const parsed =
    tryUrl(url) ?? tryUrl(String(url).replace(/^([a-z][a-z0-9+.-]*:\/\/[^/@]*@)\//i, '$1localhost/'));
  if (!parsed) throw new Error(`${name} is not a valid URL: ${JSON.stringify(redactUrl(url))}`);
  const port = parsed.port === '' ? defaultPort : Number(parsed.port);
  if (parsed.protocol === 'unix:' || parsed.protocol === 'redis+unix:') {
    return { host: 'localhost', port, socketPath: decodeURIComponent(parsed.pathname) };
  }
  const socketDir = parsed.searchParams.get('host');
  if (socketDir && socketDir.startsWith('/')) {
    return { host: 'localhost', port, socketPath: `${socketDir.replace(/\/$/, '')}/.s.PGSQL.${port}` };
  }
  const host = parsed.hostname === '' ? defaultHost : stripBrackets(decodeURIComponent(parsed.hostname));
  return { host, port, socketPath: null };
}

/** True for addresses on this machine: the only ones set-up may start a server for. */
function isLocalHost(host) {
  const bare = stripBrackets(String(host)).toLowerCase();
  return LOCAL_HOSTS.has(bare) || /^127\.\d+\.\d+\.\d+$/.test(bare) || bare.endsWith('.localhost');
}

/** The URL with its password replaced, for messages. */
function redactUrl(url) {
  return String(url).replace(/(\/\/[^:/@]*:)[^@/]*@/, '$1***@');
}

function describeAddress({ host, port, socketPath }) {
  if (socketPath) return socketPath;
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

module.exports = { parseServiceAddress, isLocalHost, redactUrl, describeAddress };
