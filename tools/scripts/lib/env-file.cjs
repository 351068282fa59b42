// Reads the repo's .env the way dotenv does (the real environment always wins), without needing
// dotenv installed: set-up runs before `npm install` on a fresh clone.
const fs = require('node:fs');

const LINE = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*)?\s*$/;

function unquote(raw) {
  const value = raw.trim();
  const quote = value[0];
  if ((quote === '"' || quote === "'" || quote === '`') && value.endsWith(quote) && value.length >= 2) {
    const inner = value.slice(1, -1);
    return quote === '"' ? inner.replace(/\\n/g, '\n').replace(/\\r/g, '\r') : inner;
  }
  // An unquoted value ends at the first " #", so `PORT=3000 # api` is 3000.
  const comment = value.search(/\s#/);
  return (comment === -1 ? value : value.slice(0, comment)).trim();
}

/** Parses .env text into a plain object; malformed lines are ignored, later keys win. */
function parseDotEnv(text) {
  const result = {};
  for (const line of String(text).split(/\r?\n/)) {
    if (/^\s*(#|$)/.test(line)) continue;
    const match = LINE.exec(line);
    if (!match) continue;
    result[match[1]] = unquote(match[2] ?? '');
  }
  return result;
}

/** Returns the parsed .env at `file`, or an empty object when there is none. */
function readDotEnvFile(file) {
  try {
    return parseDotEnv(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    if (error && error.code === 'ENOENT') return {};
    throw error;
  }
}

/** Precedence, lowest first: defaults, .env, the real environment (an empty real value still wins). */
function mergeEnv({ defaults = {}, fileEnv = {}, processEnv = {} }) {
  const merged = { ...defaults, ...fileEnv };
  for (const [key, value] of Object.entries(processEnv)) {
    if (value !== undefined) merged[key] = value;
  }
  return merged;
}

module.exports = { parseDotEnv, readDotEnvFile, mergeEnv };
