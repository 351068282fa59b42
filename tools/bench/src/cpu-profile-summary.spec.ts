import { hotFunctions, hotLocations, locationOf, withoutFirst, type CpuProfile } from './cpu-profile-summary';

const frame = (functionName: string, url: string) => ({ functionName, url, lineNumber: 1 });

const profile: CpuProfile = {
  nodes: [
    { id: 1, callFrame: frame('(root)', '') },
    { id: 2, callFrame: frame('(idle)', '') },
    { id: 3, callFrame: frame('serialize', 'file:///repo/node_modules/@prisma/client/runtime/x.js') },
    { id: 4, callFrame: frame('step', 'file:///repo/libs/flow-core/src/runtime/step.ts') },
    { id: 5, callFrame: frame('(garbage collector)', '') },
  ],
  samples: [2, 2, 2, 3, 3, 3, 4, 5],
  timeDeltas: [100, 100, 100, 10, 10, 10, 10, 10],
};

describe('cpu profile summary', () => {
  it('ranks functions by self time, leaving idle time out', () => {
    expect(hotFunctions(profile, 2)).toEqual([
      { name: 'serialize', where: '@prisma/client', selfPercent: 60 },
      { name: 'step', where: 'libs/flow-core/src/runtime/step.ts', selfPercent: 20 },
    ]);
  });

  it('groups self time by package or lib', () => {
    expect(hotLocations(profile)).toEqual([
      { where: '@prisma/client', selfPercent: 60 },
      { where: 'libs/flow-core', selfPercent: 20 },
      { where: '(garbage collector)', selfPercent: 20 },
    ]);
  });

  it('names plain packages and node built-ins', () => {
    expect(locationOf('file:///r/node_modules/jsonata/jsonata.js')).toBe('jsonata');
    expect(locationOf('node:internal/streams')).toBe('node:internal/streams');
  });

  it('leaves out the samples of the first milliseconds', () => {
    const later = withoutFirst(profile, 0.33);
    expect(later.samples).toEqual([3, 4, 5]);
    expect(hotFunctions(later, 1)).toEqual([
      { name: 'serialize', where: '@prisma/client', selfPercent: (100 * 10) / 30 },
    ]);
  });
});
