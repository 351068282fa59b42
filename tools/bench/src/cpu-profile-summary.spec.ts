import {
  hotFunctions,
  hotLocations,
  locationOf,
  nativeCallers,
  ownFunctionsInclusive,
  type CpuProfile,
} from './cpu-profile-summary';

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

  it('charges native writes to the nearest caller outside node itself', () => {
    const calls: CpuProfile = {
      nodes: [
        { id: 1, callFrame: frame('(root)', ''), children: [2, 5] },
        { id: 2, callFrame: frame('submit', 'file:///r/node_modules/pg/lib/query.js'), children: [3] },
        { id: 3, callFrame: frame('_writeGeneric', 'node:net'), children: [4] },
        { id: 4, callFrame: frame('writev', '') },
        { id: 5, callFrame: frame('step', 'file:///r/libs/flow-core/src/step.ts') },
      ],
      samples: [4, 4, 5, 5],
      timeDeltas: [10, 10, 10, 10],
    };
    expect(nativeCallers(calls, ['writev'])).toEqual([{ caller: 'submit (pg)', selfPercent: 50 }]);
  });

  it("charges the project's own functions with everything under them, once per sample", () => {
    const calls: CpuProfile = {
      nodes: [
        { id: 1, callFrame: frame('(root)', ''), children: [2, 6] },
        { id: 2, callFrame: frame('serve', 'file:///r/apps/api/src/route.ts'), children: [3] },
        { id: 3, callFrame: frame('parse', 'file:///r/libs/whatsapp/src/parse.ts'), children: [4] },
        { id: 4, callFrame: frame('parse', 'file:///r/libs/whatsapp/src/parse.ts'), children: [5] },
        { id: 5, callFrame: frame('writev', '') },
        { id: 6, callFrame: frame('submit', 'file:///r/node_modules/pg/lib/query.js') },
      ],
      samples: [5, 5, 3, 2, 6],
      timeDeltas: [10, 10, 10, 10, 10],
    };
    expect(ownFunctionsInclusive(calls)).toEqual([
      { name: 'serve', where: 'apps/api/src/route.ts', selfPercent: 80 },
      { name: 'parse', where: 'libs/whatsapp/src/parse.ts', selfPercent: 60 },
    ]);
  });
});
