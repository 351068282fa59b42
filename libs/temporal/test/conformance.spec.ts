import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { simulate, validateFlow, type Flow } from '@leadline/flow-core';
import { playThroughMachine } from './support/machine-driver';

const FLOWS = join(__dirname, '../../../flows');
const scripts = readdirSync(FLOWS).filter((file) => file.endsWith('.script.json'));

function flowFor(script: string): Flow {
  const id = script.split('.')[0];
  const result = validateFlow(JSON.parse(readFileSync(join(FLOWS, `${id}.flow.json`), 'utf8')));
  if (!result.flow) throw new Error(`flows/${id}.flow.json does not validate`);
  return result.flow;
}

describe('conformance: the example scripts give the same transcript in the simulator and the Temporal workflow machine', () => {
  it('has example scripts to compare', () => {
    expect(scripts.length).toBeGreaterThanOrEqual(8);
  });

  it.each(scripts)('%s', async (file) => {
    const flow = flowFor(file);
    const script = JSON.parse(readFileSync(join(FLOWS, file), 'utf8'));
    const simulated = await simulate(flow, script);
    const viaMachine = await playThroughMachine(flow, script);
    expect(viaMachine).toEqual(simulated);
    // The recorded transcript is the reference both are held to.
    const recorded = JSON.parse(
      readFileSync(join(FLOWS, file.replace('.script.json', '.transcript.json')), 'utf8'),
    );
    expect(viaMachine).toEqual(recorded);
  });
});
