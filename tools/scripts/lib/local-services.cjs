// Knowledge about Debian's PostgreSQL wrappers and redis-server, kept apart from the code that runs them.
const fs = require('node:fs');
const path = require('node:path');

/** Finds an executable on PATH the way a shell would; returns its path or null. */
function findExecutable(name, pathValue = process.env.PATH ?? '') {
  for (const dir of pathValue.split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch {
      // not in this directory
    }
  }
  return null;
}

/**
 * Parses `pg_lsclusters` output:
 *   Ver Cluster Port Status Owner    Data directory              Log file
 *   15  main    5432 online postgres /var/lib/postgresql/15/main /var/log/...
 */
function parsePgLsClusters(output) {
  const clusters = [];
  for (const line of String(output).split(/\r?\n/)) {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 4 || !/^\d+(\.\d+)?$/.test(fields[0]) || !/^\d+$/.test(fields[2])) continue;
    clusters.push({ version: fields[0], name: fields[1], port: Number(fields[2]), status: fields[3] });
  }
  return clusters;
}

/** The arguments that start a throw-away-friendly local Redis: no persistence, loopback only. */
function redisServerArgs({ port, dir }) {
  return [
    '--daemonize',
    'yes',
    '--bind',
    '127.0.0.1',
    '-::1',
    '--port',
    String(port),
    '--save',
    '',
    '--appendonly',
    'no',
    '--dir',
    dir,
    '--logfile',
    path.join(dir, 'redis.log'),
  ];
}

module.exports = { findExecutable, parsePgLsClusters, redisServerArgs };
