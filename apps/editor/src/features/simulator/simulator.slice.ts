import {
  Simulation,
  validateFlow,
  type TranscriptEvent,
  type TranscriptRun,
  type UserInput,
} from '@leadline/flow-core';
import type { SliceCreator } from '../../store/editor-kit';
import { simulatedActivityAnswers } from './simulated-activities';

/** The simulator panel: a chat with the draft flow on the core, on a clock that only moves when told. */
export interface SimulatorView {
  open: boolean;
  events: TranscriptEvent[];
  run: TranscriptRun | null;
  now: string | null;
  error: string | null;
  /** The trigger waits for an API call rather than a message: the panel offers "Start as a lead". */
  apiTrigger: boolean;
}

export interface SimulatorSlice {
  sim: SimulatorView;
  simStart(): Promise<void>;
  simSend(input: UserInput): Promise<void>;
  simAdvance(ms: number): Promise<void>;
  simClose(): void;
}

export const closedSimulator: SimulatorView = {
  open: false,
  events: [],
  run: null,
  now: null,
  error: null,
  apiTrigger: false,
};

/** Where a simulated conversation starts: a fixed weekday morning, so runs are reproducible. */
export const SIMULATION_START = '2026-03-02T09:00:00.000Z';
export const SIMULATED_CONTACT = { phone: '+15550100001', name: 'Alex' };

/** A conversation with the draft flow, run by the core in the browser. */
export const createSimulatorSlice: SliceCreator<SimulatorSlice> = (set, get, kit) => {
  // The simulator's run lives outside the store (it is a mutable object); the store holds its view.
  let simulation: Simulation | null = null;
  let simulationSeq = 0;

  kit.resetSimulation = () => {
    simulation = null;
  };

  const refreshSimulation = (): void => {
    if (!simulation) return;
    const transcript = simulation.transcript();
    set({
      sim: {
        ...get().sim,
        events: [...transcript.events],
        run: transcript.run ? { ...transcript.run, vars: { ...transcript.run.vars } } : null,
        now: simulation.now,
      },
    });
  };
  const simulate = async (step: (sim: Simulation) => Promise<void>): Promise<void> => {
    const current = simulation;
    if (!current) return;
    const seq = simulationSeq;
    try {
      await step(current);
      if (seq === simulationSeq) set({ sim: { ...get().sim, error: null } });
    } catch (error) {
      if (seq === simulationSeq) set({ sim: { ...get().sim, error: (error as Error).message } });
    }
    if (seq === simulationSeq) refreshSimulation();
  };

  return {
    sim: closedSimulator,

    simStart: async () => {
      simulationSeq += 1;
      const document = get().currentDocument();
      const result = validateFlow(document);
      if (!result.flow || result.diagnostics.some((diagnostic) => diagnostic.severity === 'error')) {
        simulation = null;
        set({
          sim: {
            ...closedSimulator,
            open: true,
            error: 'The flow has errors: fix them (see Problems) to simulate it.',
          },
        });
        return;
      }
      simulation = new Simulation(
        result.flow,
        SIMULATED_CONTACT,
        SIMULATION_START,
        simulatedActivityAnswers(get().activities),
      );
      const apiTrigger = result.flow.nodes.some(
        (node) => node.type === 'trigger' && (node.data as { on?: string }).on === 'api',
      );
      set({ sim: { ...closedSimulator, open: true, apiTrigger, now: simulation.now } });
      if (apiTrigger) await simulate((sim) => sim.lead({}));
    },

    simSend: (input) => simulate((sim) => sim.user(input)),
    simAdvance: (ms) => simulate((sim) => sim.advance(ms)),

    simClose: () => {
      simulationSeq += 1;
      simulation = null;
      set({ sim: closedSimulator });
    },
  };
};
