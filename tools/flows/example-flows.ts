import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const FLOWS_DIR = join(__dirname, '..', '..', 'flows');

export interface ExampleScript {
  name: string;
  flowFile: string;
  scriptFile: string;
  transcriptFile: string;
}

/** `flows/<flow-id>.flow.json`, with scripts `flows/<flow-id>.<case>.script.json` and their transcripts. */
export function listFlowFiles(): string[] {
  return readdirSync(FLOWS_DIR)
    .filter((file) => file.endsWith('.flow.json'))
    .sort()
    .map((file) => join(FLOWS_DIR, file));
}

export function listScripts(): ExampleScript[] {
  return readdirSync(FLOWS_DIR)
    .filter((file) => file.endsWith('.script.json'))
    .sort()
    .map((file) => {
      const name = file.replace(/\.script\.json$/, '');
      const flowId = name.split('.')[0];
      return {
        name,
        flowFile: join(FLOWS_DIR, `${flowId}.flow.json`),
        scriptFile: join(FLOWS_DIR, file),
        transcriptFile: join(FLOWS_DIR, `${name}.transcript.json`),
      };
    });
}

export function readJson(path: string): unknown {
  return JSON.parse(readFileSync(path, 'utf8'));
}
