// Keeps the README and docs honest about what they tell people to run and where they point: every
// `npm run <script>` exists, every `node <file>` names a source or a file `npm run build` writes, and
// every relative link leads to a file. (What /ready answers is checked against operations.md by
// production-build.e2e-spec.ts, which has a running API.)
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');
const DOCS = [
  'README.md',
  'CONTRIBUTING.md',
  ...fs
    .readdirSync(path.join(ROOT, 'docs'))
    .filter((file) => file.endsWith('.md'))
    .map((file) => `docs/${file}`),
];
const text = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');
const scripts = Object.keys(
  (JSON.parse(text('package.json')) as { scripts: Record<string, string> }).scripts,
);

/** Where an ENTRY_POINTS file of tools/scripts/build.mjs comes from, for a `dist/....js` path. */
function sourceOfBuilt(file: string): string {
  return file.replace(/^dist\//, '').replace(/\.js$/, '.ts');
}

describe.each(DOCS)('%s', (doc) => {
  const body = text(doc);

  it('names only npm scripts that exist', () => {
    const named = [...body.matchAll(/npm run (?:-s )?([a-z][a-z:-]*)/g)].map((match) => match[1]);
    // `npm run dev -w @leadline/editor` and `npm run build -w ...` are workspace scripts.
    const workspace = [...body.matchAll(/npm run (?:-s )?([a-z][a-z:-]*) -w /g)].map((match) => match[1]);
    expect(named.filter((name) => !scripts.includes(name) && !workspace.includes(name))).toEqual([]);
  });

  it('runs with node only files that exist (sources, or what the build compiles from them)', () => {
    const files = [
      ...body.matchAll(
        /\bnode (?:-r @swc-node\/register )?((?:dist|apps|libs|tools)\/[\w./-]+\.(?:ts|js|mjs))/g,
      ),
    ].map((match) => match[1]);
    const missing = files.filter((file) =>
      file.startsWith('dist/')
        ? !fs.existsSync(path.join(ROOT, sourceOfBuilt(file)))
        : !fs.existsSync(path.join(ROOT, file)),
    );
    expect(missing).toEqual([]);
  });

  it('links only to files that exist', () => {
    const dir = path.dirname(path.join(ROOT, doc));
    const links = [...body.matchAll(/\]\(((?!https?:|mailto:|#)[^)#\s]+)(?:#[^)]*)?\)/g)].map(
      (match) => match[1],
    );
    expect(links.filter((link) => !fs.existsSync(path.resolve(dir, link)))).toEqual([]);
  });
});
