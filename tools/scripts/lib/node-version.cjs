// Checks the running Node against package.json "engines.node" without the semver package.

function parseVersion(text) {
  const match = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(String(text).trim());
  if (!match) return null;
  return [Number(match[1]), Number(match[2] ?? 0), Number(match[3] ?? 0)];
}

function compare(a, b) {
  for (let i = 0; i < 3; i += 1) {
    if (a[i] !== b[i]) return a[i] - b[i];
  }
  return 0;
}

/**
 * Understands the `>=X.Y.Z` form this repo uses. Any other range is reported as unchecked rather
 * than guessed at, so an unusual engines field never blocks start-up.
 * @returns {{ ok: boolean, checked: boolean, required: string }}
 */
function checkNodeVersion(current, range) {
  const required = String(range ?? '').trim();
  const minimum = /^>=\s*(v?\d+(?:\.\d+){0,2})$/.exec(required);
  const have = parseVersion(current);
  if (!minimum || !have) return { ok: true, checked: false, required };
  return { ok: compare(have, parseVersion(minimum[1])) >= 0, checked: true, required };
}

module.exports = { checkNodeVersion, parseVersion };
