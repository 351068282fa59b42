// What `activity new <name>` writes: an activity that calls a web API with a workspace secret, and
// its test. Plain text with the name filled in; the developer edits both from there.

function camel(name: string): string {
  return name.replace(/[-_.]+([a-z0-9])/g, (_match, letter: string) => letter.toUpperCase());
}

function title(name: string): string {
  const words = name.replace(/[-_.]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The secret and setting names the template uses: `lookup-order` → `lookup_order_token`, `lookupOrderUrl`. */
export function scaffoldNames(name: string) {
  const snake = name.replace(/[-.]+/g, '_');
  return {
    exportName: camel(name),
    secret: `${snake}_token`,
    setting: `${camel(name)}Url`,
    title: title(name),
  };
}

export function activitySource(name: string): string {
  const { exportName, secret, setting, title: label } = scaffoldNames(name);
  return `import { ActivityFailure, defineActivity } from '@leadline/activity-sdk';
import { z } from 'zod';

/**
 * ${label}: calls your API with the workspace's secret \`${secret}\` and saves what it answers.
 * Register it in LEADLINE_ACTIVITIES (see docs/custom-activities.md).
 */
export const ${exportName} = defineActivity({
  name: '${name}', // what flows use
  title: '${label}', // the palette label
  description: 'Looks up a record by its id and saves its status.',
  input: z.object({
    id: z.string().min(1).describe('The id to look up'),
  }),
  output: z.object({ found: z.boolean(), status: z.string().optional() }),
  timeout: '10s', // per attempt
  retry: { attempts: 3, backoff: '2s' }, // tries in all; only plain throws are retried
  secrets: ['${secret}'], // npm run -s leadline -- secrets set --tenant <slug> --name ${secret} --value-stdin
  async run(input, ctx) {
    const token = ctx.secrets.${secret};
    if (!token) throw new ActivityFailure('Set the workspace secret ${secret}.', 'NOT_CONFIGURED');
    // A workspace setting: npm run -s leadline -- tenant settings set --tenant <slug> --key ${setting} --value '"https://api.example.com"'
    const base = String(ctx.tenant.settings.${setting} ?? 'https://api.example.com');
    const response = await ctx.fetch(\`\${base}/records/\${encodeURIComponent(input.id)}\`, {
      headers: { authorization: \`Bearer \${token}\`, 'idempotency-key': ctx.idempotencyKey },
      signal: ctx.signal,
    });
    if (response.status === 404) return { found: false };
    if (response.status >= 500) throw new Error(\`the API answered \${response.status}\`); // retried
    if (!response.ok) throw new ActivityFailure(\`The API refused the lookup (\${response.status}).\`, 'LOOKUP_REFUSED');
    const record = (await response.json()) as { status?: unknown };
    return { found: true, status: String(record.status ?? 'unknown') };
  },
});
`;
}

export function activityTestSource(name: string): string {
  const { exportName, secret } = scaffoldNames(name);
  return `import { testActivity } from '@leadline/activity-sdk';
import { ${exportName} } from './${name}.activity';

// Runs with \`npm test\` (the activities folder is a Jest project) or \`npx jest activities/${name}\`.
describe('${name}', () => {
  const secrets = { ${secret}: 't0ken' };

  it('saves the status the API answers', async () => {
    const seen: string[] = [];
    const fetch = async (url: string | URL, init?: { headers?: HeadersInit }) => {
      seen.push(\`\${url} \${new Headers(init?.headers).get('authorization')}\`);
      return Response.json({ status: 'shipped' });
    };
    await expect(testActivity(${exportName}, { id: 'A-1' }, { secrets, fetch })).resolves.toEqual({
      ok: true,
      output: { found: true, status: 'shipped' },
    });
    expect(seen).toEqual(['https://api.example.com/records/A-1 Bearer t0ken']);
  });

  it('says what to set when the secret is missing', async () => {
    await expect(testActivity(${exportName}, { id: 'A-1' })).resolves.toMatchObject({
      ok: false,
      code: 'NOT_CONFIGURED',
      retryable: false,
    });
  });

  it('retries a server error', async () => {
    const fetch = async () => new Response('down', { status: 503 });
    await expect(testActivity(${exportName}, { id: 'A-1' }, { secrets, fetch })).resolves.toMatchObject({
      ok: false,
      code: 'ACTIVITY_FAILED',
      retryable: true,
    });
  });
});
`;
}
