// Decides whether `npm ci` / `npm install` / `prisma generate` must run, so that a second
// `npm start` or `npm test` costs nothing.

/**
 * True when every package the lockfile requires is installed at the version it names, and nothing
 * else is. Optional and platform-specific packages (e.g. @swc/core-darwin-arm64) may be absent.
 */
function lockfilesMatch(lock, installed) {
  const wanted = (lock && lock.packages) || {};
  const have = (installed && installed.packages) || {};
  for (const [key, entry] of Object.entries(wanted)) {
    if (key === '') continue;
    const got = have[key];
    if (!got) {
      const optional = entry.optional || entry.devOptional || entry.os || entry.cpu || entry.libc;
      if (optional) continue;
      return false;
    }
    if ((entry.version ?? null) !== (got.version ?? null)) return false;
  }
  return Object.keys(have).every((key) => key === '' || key in wanted);
}

/**
 * @returns {{ action: 'ci' | 'install' | 'none', reason: string }}
 * `lockMatchesInstalled` is only consulted when the lockfile is newer than the install, since a
 * `git checkout` touches the lockfile without changing it and `npm ci` would wipe node_modules.
 */
function decideInstall({
  hasLockfile,
  hasNodeModules,
  hasInstalledLock,
  lockNewerThanInstall,
  lockMatchesInstalled,
}) {
  if (!hasLockfile) {
    if (!hasNodeModules)
      return { action: 'install', reason: 'node_modules is missing (no package-lock.json)' };
    if (lockNewerThanInstall)
      return { action: 'install', reason: 'package.json changed since the last install' };
    return { action: 'none', reason: 'up to date' };
  }
  if (!hasNodeModules) return { action: 'ci', reason: 'node_modules is missing' };
  if (!hasInstalledLock) return { action: 'ci', reason: 'node_modules was not installed by npm' };
  if (lockNewerThanInstall && !lockMatchesInstalled) {
    return { action: 'ci', reason: 'package-lock.json changed since the last install' };
  }
  return { action: 'none', reason: 'up to date' };
}

/** Prisma's client must be (re)generated when it is missing or older than the schema. */
function decidePrismaGenerate({ schemaMtimeMs, generatedMtimeMs }) {
  if (schemaMtimeMs === null || schemaMtimeMs === undefined) return { generate: false, reason: 'no schema' };
  if (generatedMtimeMs === null || generatedMtimeMs === undefined) {
    return { generate: true, reason: 'client not generated yet' };
  }
  if (schemaMtimeMs > generatedMtimeMs) return { generate: true, reason: 'schema changed' };
  return { generate: false, reason: 'up to date' };
}

module.exports = { lockfilesMatch, decideInstall, decidePrismaGenerate };
