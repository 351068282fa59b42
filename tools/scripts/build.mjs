// `npm run build`: compiles the API, the worker, the CLI and the migration runner to JavaScript in
// dist/ (same folder layout as the sources, so paths relative to a file keep working), and builds the
// web app into dist/web. Production runs only this output, with `node` and production dependencies.
//
//   npm run build            everything
//   npm run build -- --server   only the Node processes (no Vite build)
//   npm run build -- --out-dir <dir>   somewhere else than dist/ (must be inside the repository, so
//                                      that node_modules is found; the compiled-app test uses .tmp/)
//
// Type checking is not part of the build (that is `npm run typecheck`): swc strips types file by file,
// like @swc-node/register does in development, so what runs compiled is what ran in development.
// Only files reachable from the entry points are compiled (tests and dev tools stay out).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Where the processes start; the Temporal workflows are loaded by path, so they are an entry too. */
export const ENTRY_POINTS = [
  'apps/api/src/main.ts',
  'apps/worker/src/main.ts',
  'tools/cli/src/main.ts',
  'libs/database/src/migrate/migrate.cli.ts',
  'libs/temporal/src/workflows/index.ts',
];

/** Files read at run time by path (relative to the code that reads them), copied as they are. */
export const ASSETS = ['prisma/migrations', 'libs/documents/assets'];

function swcOptions() {
  const tsconfig = JSON.parse(fs.readFileSync(path.join(ROOT, 'tsconfig.base.json'), 'utf8'));
  return {
    jsc: {
      parser: { syntax: 'typescript', decorators: true, tsx: false },
      // Nest's dependency injection reads constructor parameter types from decorator metadata.
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
      keepClassNames: true,
      // `@leadline/x` imports become relative paths into dist/libs/x.
      baseUrl: ROOT,
      paths: tsconfig.compilerOptions.paths,
    },
    module: { type: 'commonjs', strict: false },
    sourceMaps: true,
  };
}

const REQUIRE = /require\("(\.{1,2}\/[^"]*)"\)/g;

function resolveSource(fromFile, specifier) {
  const base = path.resolve(path.dirname(fromFile), specifier);
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts')]) {
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
  }
  throw new Error(`build: cannot resolve "${specifier}" from ${path.relative(ROOT, fromFile)}`);
}

/** Compiles every file reachable from the entry points into outDir; returns how many. */
export function compileServer(outDir = path.join(ROOT, 'dist')) {
  const swc = require('@swc/core');
  const options = swcOptions();
  const queue = ENTRY_POINTS.map((entry) => path.join(ROOT, entry));
  const done = new Set();
  while (queue.length > 0) {
    const file = queue.pop();
    if (done.has(file)) continue;
    done.add(file);
    const relative = path.relative(ROOT, file);
    const target = path.join(outDir, relative);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    if (file.endsWith('.json')) {
      fs.copyFileSync(file, target);
      continue;
    }
    const jsTarget = target.replace(/\.tsx?$/, '.js');
    const output = swc.transformFileSync(file, {
      ...options,
      filename: file,
      sourceFileName: path.relative(path.dirname(jsTarget), file),
    });
    fs.writeFileSync(jsTarget, `${output.code}\n//# sourceMappingURL=${path.basename(jsTarget)}.map\n`);
    if (output.map) fs.writeFileSync(`${jsTarget}.map`, output.map);
    for (const match of output.code.matchAll(REQUIRE)) queue.push(resolveSource(file, match[1]));
  }
  for (const asset of ASSETS) {
    fs.cpSync(path.join(ROOT, asset), path.join(outDir, asset), { recursive: true });
  }
  return done.size;
}

function buildWebApp(outDir) {
  const result = spawnSync(
    process.execPath,
    [
      path.join(path.dirname(require.resolve('vite/package.json')), 'bin/vite.js'),
      'build',
      '--config',
      'apps/editor/vite.config.ts',
      '--outDir',
      path.join(outDir, 'web'),
      '--logLevel',
      'warn',
    ],
    { cwd: ROOT, stdio: 'inherit' },
  );
  if (result.status !== 0) throw new Error('build: the web app (vite build) failed');
}

function main() {
  const serverOnly = process.argv.includes('--server');
  const outAt = process.argv.indexOf('--out-dir');
  const outDir = outAt > 0 ? path.resolve(process.argv[outAt + 1] ?? '') : path.join(ROOT, 'dist');
  if (outAt > 0 && !outDir.startsWith(`${ROOT}${path.sep}`)) {
    throw new Error('build: --out-dir must be inside the repository (node_modules is found from there)');
  }
  if (!fs.existsSync(path.join(ROOT, 'libs/database/src/generated/prisma'))) {
    throw new Error(
      'build: the Prisma client is not generated yet (run `npm run setup` or `npx prisma generate`)',
    );
  }
  const started = Date.now();
  // Keep dist/web unless it is rebuilt: a server-only build must not remove the web app.
  for (const entry of fs.existsSync(outDir) ? fs.readdirSync(outDir) : []) {
    if (entry !== 'web' || !serverOnly) fs.rmSync(path.join(outDir, entry), { recursive: true, force: true });
  }
  const files = compileServer(outDir);
  process.stdout.write(
    `build: ${files} files compiled to ${path.relative(ROOT, outDir)}/ in ${Date.now() - started} ms\n`,
  );
  if (!serverOnly) {
    buildWebApp(outDir);
    process.stdout.write(`build: web app in ${path.relative(ROOT, outDir)}/web\n`);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    main();
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}
