import type { StoreApi } from 'zustand/vanilla';
import type { ApiClient } from '../api/api-client';
import type { CanvasNode } from '../flows/canvas-model';
import type { FlowEntry } from '../flows/flow-entry';
import type { EditorState, EditorStoreOptions } from './editor.store';
import type { Snapshot } from './history';
import type { Notice } from './workspace.slice';

export type SetEditor = StoreApi<EditorState>['setState'];
export type GetEditor = StoreApi<EditorState>['getState'];

/**
 * What the slices share besides the state: the store's options and the helpers one slice offers the
 * others (every edit is recorded by history and checked by validation; opening a flow resets them
 * all). Each slice fills in its own helpers when the store is created.
 */
export interface EditorKit {
  options: EditorStoreOptions;

  // history.slice
  snapshot(): Snapshot;
  /** Every edit goes through here: it can be undone, it marks the flow edited, and it is checked. */
  edit(change: Partial<Snapshot> & Partial<Pick<EditorState, 'inspected'>>): void;
  /** A property-panel edit: keystrokes on one node close together are one undo step. */
  editProperties(nodeId: string, nodes: CanvasNode[]): void;
  /** The next property edit starts an undo step of its own. */
  forgetTyping(): void;

  // validation.slice
  /** Checks the open flow again; only the latest check's answer lands. */
  revalidate(): void;

  // workspace.slice
  /** Puts a flow of `flows` on the canvas, everything about the previous one forgotten. */
  show(flows: FlowEntry[], key: string, notice?: Notice | null): void;
  /** Runs an API call with the busy flag on; a failure becomes an error notice, never an exception. */
  remote<T>(what: string, call: () => Promise<T>): Promise<T | undefined>;
  requireApi(): ApiClient;
  openEntry(): FlowEntry | undefined;

  // simulator.slice
  /** Ends the simulated conversation (a new flow on the canvas, or the flow closed). */
  resetSimulation(): void;
}

/** A slice of the editor store: its state and actions, built with the store's set/get and the kit. */
export type SliceCreator<Slice> = (set: SetEditor, get: GetEditor, kit: EditorKit) => Slice;
