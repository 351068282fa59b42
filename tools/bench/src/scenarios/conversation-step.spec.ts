import { cpuPerStep } from './conversation-step.bench';

describe('cpuPerStep', () => {
  it("gives each part's CPU per step, the whole stack, and Leadline's share without the load generator", () => {
    const before = { worker: 10, api: 20, postgres: 30, redis: 1, bench: 5 };
    const after = { worker: 11.2, api: 20.9, postgres: 32.1, redis: 1.2, bench: 6.1 };
    expect(cpuPerStep(before, after, 1000)).toEqual({
      'CPU ms/step worker': 1.2,
      'CPU ms/step api': 0.9,
      'CPU ms/step postgres': 2.1,
      'CPU ms/step redis': 0.2,
      'CPU ms/step bench': 1.1,
      'CPU ms/step all': 5.5,
      'CPU ms/step without load generator': 4.4,
    });
  });

  it('has no "without load generator" figure when the bench process is not among the parts', () => {
    expect(cpuPerStep({ api: 1, postgres: 2 }, { api: 1.5, postgres: 2.5 }, 100, 'webhook')).toEqual({
      'CPU ms/webhook api': 5,
      'CPU ms/webhook postgres': 5,
      'CPU ms/webhook all': 10,
    });
  });
});
