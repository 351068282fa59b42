import { existsSync } from 'node:fs';
import { simulate, validateFlow } from '@leadline/flow-core';
import { listFlowFiles, listScripts, readJson } from './example-flows';

// The example flows are what marketers copy: they must be clean, and their scripted conversations
// must keep producing exactly the reviewed transcripts.
describe('example flows', () => {
  it('has the four promised examples, each with at least one script', () => {
    const ids = listFlowFiles().map((file) => (readJson(file) as { id: string }).id);
    expect(ids).toEqual(
      expect.arrayContaining(['lead-capture', 'no-reply-follow-up', 'quote-request', 'ai-faq']),
    );
    for (const id of ids) expect(listScripts().some((s) => s.name.startsWith(`${id}.`))).toBe(true);
  });

  it.each(listFlowFiles())('%s validates without errors or warnings', (file) => {
    const result = validateFlow(readJson(file));
    expect(result.diagnostics).toEqual([]);
    expect(result.ok).toBe(true);
  });

  it.each(listScripts().map((s) => [s.name, s] as const))(
    '%s gives its reviewed transcript',
    async (_name, example) => {
      expect(existsSync(example.transcriptFile)).toBe(true);
      const { flow } = validateFlow(readJson(example.flowFile));
      const transcript = await simulate(flow!, readJson(example.scriptFile));
      expect(transcript).toEqual(readJson(example.transcriptFile));
    },
  );
});

describe('exported JSON Schema', () => {
  it('is committed and matches the zod schemas (run `npm run flows:schema` after changing a node)', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { JSON_SCHEMA_FILE } = require('./write-json-schema') as { JSON_SCHEMA_FILE: string };
    const { flowJsonSchema } = jest.requireActual(
      '@leadline/flow-core',
    ) as typeof import('@leadline/flow-core');
    expect(readJson(JSON_SCHEMA_FILE)).toEqual(JSON.parse(JSON.stringify(flowJsonSchema())));
  });
});
