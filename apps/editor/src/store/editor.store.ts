import type { Diagnostic } from '@leadline/flow-core';
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ApiClient } from '../api/api-client';
import { createCanvasSlice, type CanvasSlice } from '../features/canvas/canvas.slice';
import { createValidationSlice, type ValidationSlice } from '../features/problems/validation.slice';
import { createPublishSlice, type PublishSlice } from '../features/publish/publish.slice';
import { createSimulatorSlice, type SimulatorSlice } from '../features/simulator/simulator.slice';
import type { FlowEntry } from '../flows/flow-entry';
import type { EditorKit } from './editor-kit';
import { createHistorySlice, type HistorySlice } from './history.slice';
import { createWorkspaceSlice, type WorkspaceSlice } from './workspace.slice';

export type { NodeIssues } from '../features/problems/validation.slice';
export { LARGE_FLOW_NODES } from '../features/problems/validation.slice';
export type { SimulatorView } from '../features/simulator/simulator.slice';
export { SIMULATED_CONTACT, SIMULATION_START } from '../features/simulator/simulator.slice';
export type { Notice, SaveState } from './workspace.slice';
export { TYPING_UNDO_WINDOW_MS } from './history.slice';

/**
 * The flow editor's state, in slices that live beside the feature they serve: the workspace (the
 * flows and the open one, saving), the canvas (steps and connections), history (undo/redo),
 * validation (the core's verdict and its fixes), publishing and the simulator.
 */
export type EditorState = WorkspaceSlice &
  CanvasSlice &
  HistorySlice &
  ValidationSlice &
  PublishSlice &
  SimulatorSlice;

export type EditorStore = StoreApi<EditorState>;

export interface EditorStoreOptions {
  /** The core's validator; may answer synchronously or with a promise (a server round trip, later). */
  validate?: (document: unknown) => { diagnostics: Diagnostic[] } | Promise<{ diagnostics: Diagnostic[] }>;
  api?: ApiClient;
  /** The clock that groups a burst of typing into one undo step; tests pass their own. */
  now?: () => number;
  /** Whether someone is signed in (the session lives in features/auth, shared by the whole app). */
  signedIn?: () => boolean;
  /** The API answered 401 after refreshing: the session is over. */
  onSessionEnded?: () => void;
}

export function createEditorStore(initialFlows: FlowEntry[], options: EditorStoreOptions = {}): EditorStore {
  return createStore<EditorState>()((set, get) => {
    // Each slice adds its helpers to the kit as it is created; they are only called after that.
    const kit = { options } as EditorKit;
    return {
      ...createWorkspaceSlice(initialFlows)(set, get, kit),
      ...createCanvasSlice(set, get, kit),
      ...createHistorySlice(set, get, kit),
      ...createValidationSlice(set, get, kit),
      ...createPublishSlice(set, get, kit),
      ...createSimulatorSlice(set, get, kit),
    };
  });
}
