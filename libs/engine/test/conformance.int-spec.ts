import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createPrismaClient, type PrismaClient } from '@leadline/database';
import { simulate, validateFlow, type Flow } from '@leadline/flow-core';
import { createTestDatabase, type TestDatabase } from '@leadline/testing';
import { FLOWS_DIR } from './support/engine-harness';
import { playThroughEngine } from './support/engine-script-driver';

const scripts = readdirSync(FLOWS_DIR).filter((file) => file.endsWith('.script.json'));

function read(file: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(FLOWS_DIR, file), 'utf8'));
}

function flowOf(definition: Record<string, unknown>): Flow {
  const result = validateFlow(definition);
  if (!result.flow) throw new Error(`flows/${String(definition.id)}.flow.json does not validate`);
  return result.flow;
}

describe('conformance: the example scripts give the same transcript in the simulator and the embedded engine', () => {
  let db: TestDatabase;
  let prisma: PrismaClient;

  beforeAll(async () => {
    db = await createTestDatabase();
    prisma = createPrismaClient({ url: db.url });
  });

  afterAll(async () => {
    await prisma?.$disconnect();
    await db?.drop();
  });

  it('has example scripts to compare', () => {
    expect(scripts.length).toBeGreaterThanOrEqual(8);
  });

  it.each(scripts)('%s', async (file) => {
    const definition = read(`${file.split('.')[0]}.flow.json`);
    const flow = flowOf(definition);
    const script = read(file);
    const { transcript, errors } = await playThroughEngine(prisma, definition, flow, script);
    expect(errors).toEqual([]);
    // Nothing is normalised: run ids, message ids and document numbers never reach the transcript
    // (the scripted document activity numbers documents as the simulator does).
    expect(transcript).toEqual(await simulate(flow, script));
    // The recorded transcript is the reference every engine is held to.
    expect(transcript).toEqual(read(file.replace('.script.json', '.transcript.json')));
  });
});
