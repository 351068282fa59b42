// Regenerates flows/*.transcript.json from the scripts: `npm run flows:transcripts`.
// Review the diff before committing: these files are what CI holds the runtime to.
import { writeFileSync } from 'node:fs';
import { simulate, validateFlow } from '@leadline/flow-core';
import { listScripts, readJson } from './example-flows';

async function main(): Promise<void> {
  for (const example of listScripts()) {
    const validation = validateFlow(readJson(example.flowFile));
    if (!validation.flow || !validation.ok) throw new Error(`${example.flowFile} is invalid`);
    const transcript = await simulate(validation.flow, readJson(example.scriptFile));
    writeFileSync(example.transcriptFile, `${JSON.stringify(transcript, null, 2)}\n`);
    process.stdout.write(`wrote ${example.transcriptFile}\n`);
  }
}

void main();
