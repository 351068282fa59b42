import { FLOW_FORMAT, getNodeDefinition } from '@leadline/flow-core';
import { ApiError, type ActivityManifestEntry, type FlowAnalytics } from '../api/api-client';
import { latestRequest } from '../api/latest';
import { emptyCanvas } from '../features/canvas/canvas.slice';
import { noDiagnostics } from '../features/problems/validation.slice';
import { noPublishing } from '../features/publish/publish.slice';
import { closedSimulator } from '../features/simulator/simulator.slice';
import { fromCanvas, toCanvas } from '../flows/canvas-model';
import { joinFlowDocument, splitFlowDocument } from '../flows/flow-document';
import { flowNameOf, type FlowEntry } from '../flows/flow-entry';
import { flowIdFromName, freeFlowId } from '../flows/flow-id';
import type { TemplateOption } from '../flows/w24h-fix';
import type { EditorState } from './editor.store';
import type { SliceCreator } from './editor-kit';
import { freshHistory } from './history.slice';

export interface Notice {
  tone: 'error' | 'info';
  text: string;
  /** A step was deleted from the middle of a path: the notice offers to join its neighbours. */
  reconnect?: { source: string; sourceHandle: string | null; target: string };
}

/**
 * Where the open flow's work is: `saved` in the workspace, `unsaved` edits waiting for the autosave,
 * `saving`, `conflict` (someone saved a newer draft: nothing is overwritten until the author picks),
 * `error` (the save failed; retried on the next edit), `local` (an example or import, not in the
 * workspace).
 */
export type SaveState = 'saved' | 'unsaved' | 'saving' | 'conflict' | 'error' | 'local';

export interface WorkspaceSlice {
  flows: FlowEntry[];
  /** The flow on the canvas; its live copy is `envelope` + `nodes` + `edges`. */
  openKey: string | null;
  envelope: Record<string, unknown>;
  /** False until the author changes the open flow: until then the original document is what counts. */
  edited: boolean;
  notice: Notice | null;
  templates: TemplateOption[];
  activities: ActivityManifestEntry[];
  /** A request to the API is under way (save, publish, open...). */
  busy: boolean;
  analytics: FlowAnalytics | null;
  saveState: SaveState;

  openFlow(key: string): void;
  newFlow(): void;
  importFlowText(fileName: string, text: string): void;
  dismissNotice(): void;
  updateEnvelope(envelope: Record<string, unknown>): void;
  setTemplates(templates: TemplateOption[]): void;
  setActivities(activities: ActivityManifestEntry[]): void;
  /** Someone signed out: the workspace's flows leave the sidebar (examples and imports stay). */
  forgetWorkspace(): void;
  /** Loads the workspace's flows, templates and custom activities. */
  loadWorkspace(): Promise<void>;
  openRemoteFlow(remoteId: string): Promise<void>;
  save(options?: { auto?: boolean }): Promise<boolean>;
  /** Edits that would be lost by leaving the page now (not yet in the workspace, or a local flow changed). */
  hasUnsavedChanges(): boolean;
  /** After a conflict: `theirs` reloads the workspace's draft, `mine` saves this copy over it. */
  resolveConflict(choice: 'theirs' | 'mine'): Promise<void>;
  /** Renames the flow; an unpublished flow whose id followed its name keeps following it. */
  renameFlow(name: string): void;
  /** Changes the flow id (only before the first publish: runs and links refer to it after). */
  setFlowId(id: string): void;
  archiveFlow(): Promise<void>;
  duplicateFlow(): Promise<void>;
  exportDocument(): { fileName: string; text: string } | null;
  showAnalytics(): Promise<void>;
  hideAnalytics(): void;
  /**
   * The open flow as a document (what the validator and, later, the API get): the document as it
   * was opened until the author edits it, so a broken import is judged on what the file says.
   */
  currentDocument(): unknown;
}

function describeError(error: unknown): string {
  if (error instanceof ApiError) {
    return error.details.length ? `${error.message} (${error.details.join('; ')})` : error.message;
  }
  return (error as Error)?.message ?? String(error);
}

/** What every slice shows when no flow is open, or when a flow was just opened. */
const blankFlow = (): Partial<EditorState> => ({
  ...emptyCanvas(),
  ...noDiagnostics(),
  ...freshHistory(),
  ...noPublishing(),
  focus: null,
  analytics: null,
  sim: closedSimulator,
});

const remoteEntry = (flow: {
  id: string;
  key: string;
  name: string;
  activeVersion: number | null;
  revision?: number;
  draft: unknown;
}): FlowEntry => ({
  key: `remote:${flow.id}`,
  source: 'remote',
  remoteId: flow.id,
  activeVersion: flow.activeVersion,
  revision: flow.revision,
  fileName: `${flow.key}.flow.json`,
  name: flow.name,
  document: flow.draft,
});

/** The flows of the sidebar, the open one, and keeping it in the workspace (open, save, archive...). */
export const createWorkspaceSlice =
  (initialFlows: FlowEntry[]): SliceCreator<WorkspaceSlice> =>
  (set, get, kit) => {
    const { api } = kit.options;
    const signedIn = kit.options.signedIn ?? (() => false);
    let imported = 0;
    // The open flow as last saved to (or loaded from) the workspace, to tell real edits from selection.
    let savedText: string | null = null;
    // A workspace flow fetched to be opened lands only if nothing else was opened (or closed) since:
    // two quick clicks in the sidebar open the second flow, whichever answer comes back last.
    const opening = latestRequest();
    // The workspace's flow list: only the latest listing lands, and none once its person signed out.
    const listing = latestRequest();

    /** Keeps the edits of the open flow in its sidebar entry before another flow replaces it. */
    const commitOpenFlow = (): FlowEntry[] => {
      const { flows, openKey, edited } = get();
      const document = get().currentDocument();
      if (!openKey || !edited) return flows;
      return flows.map((entry) =>
        entry.key === openKey ? { ...entry, document, name: flowNameOf(document, entry.name) } : entry,
      );
    };

    /** No flow on the canvas any more (archived, or signed out of its workspace). */
    const closeFlow = (change: Partial<EditorState>): void => {
      opening.drop();
      kit.resetSimulation();
      set({ ...blankFlow(), openKey: null, envelope: {}, edited: false, ...change });
    };

    kit.show = (flows, key, notice = null) => {
      const entry = flows.find((candidate) => candidate.key === key);
      if (!entry) return;
      opening.drop();
      const parts = splitFlowDocument(entry.document);
      const { nodes, edges } = toCanvas(parts);
      savedText = entry.source === 'remote' ? JSON.stringify(entry.document) : null;
      set({
        ...blankFlow(),
        saveState: entry.source === 'remote' ? 'saved' : 'local',
        flows,
        openKey: key,
        envelope: parts.envelope,
        edited: false,
        nodes,
        edges,
        notice: parts.skipped
          ? {
              tone: 'error',
              text: `${parts.skipped} node(s) or edge(s) without an id cannot be drawn; fix them in the file.`,
            }
          : notice,
      });
      kit.resetSimulation();
      kit.revalidate();
    };

    kit.requireApi = () => {
      if (!api) throw new Error('This editor has no API to talk to.');
      return api;
    };
    /**
     * The busy flag is on while any API call is in flight, not until the first one ends: a save and
     * a version list asked together must not let the toolbar's buttons come back while one runs.
     */
    let inFlight = 0;
    const busyWhile = async <T>(call: () => Promise<T>): Promise<T> => {
      inFlight += 1;
      set({ busy: true });
      try {
        return await call();
      } finally {
        inFlight -= 1;
        if (inFlight === 0) set({ busy: false });
      }
    };
    kit.remote = async (what, call) => {
      try {
        return await busyWhile(call);
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) {
          kit.options.onSessionEnded?.();
          set({ notice: { tone: 'error', text: 'Your session has ended: sign in again.' } });
        } else {
          set({ notice: { tone: 'error', text: `${what} failed: ${describeError(error)}` } });
        }
        return undefined;
      }
    };
    kit.openEntry = () => get().flows.find((entry) => entry.key === get().openKey);
    const { show, remote, requireApi, openEntry } = kit;
    /** An answer about `entry` (its analytics, a comparison) is for the canvas only while it is open. */
    const stillOpen = (entry: FlowEntry): boolean => openEntry()?.key === entry.key;

    /** Every flow id the editor knows of: the workspace's and this session's. */
    const takenIds = (): Set<string> =>
      new Set(
        get().flows.flatMap((entry) => [
          entry.fileName.replace(/\.flow\.json$|\.json$/, ''),
          String((entry.document as { id?: unknown } | null)?.id ?? ''),
        ]),
      );

    /**
     * A new flow with a free id derived from its name. Signed in, it is created in the workspace
     * at once (so a reload reopens it and autosave has somewhere to save); if the server knows the id
     * (an archived flow), the next free one is tried.
     */
    const createNewFlow = async (): Promise<void> => {
      const taken = takenIds();
      const names = new Set(get().flows.map((entry) => entry.name));
      let n = 1;
      const nextFree = () => {
        while (names.has(`Untitled flow ${n}`) || taken.has(flowIdFromName(`Untitled flow ${n}`))) n += 1;
        return `Untitled flow ${n}`;
      };
      const trigger = getNodeDefinition('trigger');
      const documentFor = (name: string) => ({
        format: FLOW_FORMAT,
        id: flowIdFromName(name),
        name,
        nodes: trigger
          ? [
              {
                id: 'start',
                type: 'trigger',
                position: { x: 0, y: 0 },
                data: structuredClone(trigger.defaults),
              },
            ]
          : [],
        edges: [],
      });
      if (api && signedIn()) {
        for (let attempt = 0; attempt < 20; attempt += 1) {
          const document = documentFor(nextFree());
          try {
            const created = await busyWhile(() => api.createFlow(document));
            const entry = remoteEntry(created);
            show([entry, ...commitOpenFlow().filter((other) => other.key !== entry.key)], entry.key);
            return;
          } catch (error) {
            if (error instanceof ApiError && error.code === 'FLOW_EXISTS') {
              taken.add(document.id);
              continue;
            }
            set({ notice: { tone: 'error', text: `Creating the flow failed: ${describeError(error)}` } });
            return;
          }
        }
        return;
      }
      const document = documentFor(nextFree());
      imported += 1;
      const entry: FlowEntry = {
        key: `new:${imported}`,
        source: 'imported',
        fileName: `${document.id}.flow.json`,
        name: document.name,
        document,
      };
      show([...commitOpenFlow(), entry], entry.key);
    };

    /** The open document as text, for telling a real change from a selection or a re-render. */
    const openText = (): string | null => {
      const document = get().currentDocument();
      return document === null ? null : JSON.stringify(document);
    };

    return {
      flows: initialFlows,
      openKey: null,
      envelope: {},
      edited: false,
      notice: null,
      templates: [],
      activities: [],
      busy: false,
      analytics: null,
      saveState: 'local',

      openFlow: (key) => {
        opening.drop();
        if (key === get().openKey) return;
        show(commitOpenFlow(), key);
      },

      newFlow: () => void createNewFlow(),

      importFlowText: (fileName, text) => {
        let document: unknown;
        try {
          document = JSON.parse(text);
        } catch (error) {
          set({
            notice: { tone: 'error', text: `${fileName} is not valid JSON: ${(error as Error).message}` },
          });
          return;
        }
        imported += 1;
        const entry: FlowEntry = {
          key: `import:${imported}`,
          source: 'imported',
          fileName,
          name: flowNameOf(document, fileName.replace(/\.json$/i, '').replace(/\.flow$/i, '')),
          document,
        };
        show([...commitOpenFlow(), entry], entry.key, { tone: 'info', text: `Imported ${fileName}.` });
      },

      dismissNotice: () => set({ notice: null }),

      updateEnvelope: (envelope) => kit.edit({ envelope }),

      setTemplates: (templates) => set({ templates }),
      setActivities: (activities) => {
        set({ activities });
        if (get().openKey) kit.revalidate();
      },

      forgetWorkspace: () => {
        listing.drop();
        const open = openEntry();
        const flows = get().flows.filter((entry) => entry.source !== 'remote');
        if (open?.source !== 'remote') return set({ flows });
        closeFlow({ flows });
      },

      loadWorkspace: async () => {
        if (!api || !signedIn()) return;
        const isLatest = listing.start();
        const [flows, templates, activities] = await Promise.all([
          remote('Loading your flows', () => api.listFlows()),
          api.templates().catch(() => [] as TemplateOption[]),
          api.activities(),
        ]);
        if (!flows || !isLatest()) return;
        const kept = commitOpenFlow().filter((entry) => entry.source !== 'remote');
        const current = new Map(get().flows.map((entry) => [entry.key, entry]));
        const listed: FlowEntry[] = flows.map((flow) => {
          const key = `remote:${flow.id}`;
          return {
            key,
            source: 'remote',
            remoteId: flow.id,
            activeVersion: flow.activeVersion,
            revision: current.get(key)?.document ? current.get(key)?.revision : flow.revision,
            fileName: `${flow.key}.flow.json`,
            name: flow.name,
            // Filled in when opened; an open flow keeps the edits made to it.
            document: current.get(key)?.document ?? null,
          };
        });
        set({ flows: [...listed, ...kept], templates, activities });
        if (get().openKey) kit.revalidate();
      },

      openRemoteFlow: async (remoteId) => {
        const isLatest = opening.start();
        const flow = await remote('Opening the flow', () => requireApi().getFlow(remoteId));
        if (!flow || !isLatest()) return;
        const entry = remoteEntry(flow);
        const key = entry.key;
        const others = commitOpenFlow().filter((candidate) => candidate.key !== key);
        const index = get().flows.findIndex((candidate) => candidate.key === key);
        const flows = [...others];
        flows.splice(index < 0 ? 0 : Math.min(index, flows.length), 0, entry);
        show(flows, key);
      },

      save: async ({ auto = false } = {}) => {
        const entry = openEntry();
        const document = get().currentDocument() as Record<string, unknown> | null;
        if (!entry || !document) return false;
        // A conflict waits for the author's choice: the autosave must not decide for them.
        if (auto && get().saveState === 'conflict') return false;
        const text = JSON.stringify(document);
        set({ saveState: 'saving' });
        let conflict = false;
        const saved = await remote('Saving', async () => {
          try {
            return await (entry.remoteId
              ? requireApi().saveDraft(entry.remoteId, document, entry.revision)
              : requireApi().createFlow(document));
          } catch (error) {
            if (error instanceof ApiError && error.code === 'DRAFT_CONFLICT') {
              conflict = true;
              return undefined;
            }
            throw error;
          }
        });
        if (openEntry()?.key !== entry.key) return Boolean(saved);
        if (conflict) {
          // The conflict bar (features/toolbar/save-status) explains it and offers the two ways out.
          set({ saveState: 'conflict', notice: null });
          return false;
        }
        if (!saved) {
          set({ saveState: 'error' });
          return false;
        }
        const updated = remoteEntry(saved);
        // The server keeps a published flow's id: the canvas follows what was stored.
        if (saved.key !== document.id) set({ envelope: { ...get().envelope, id: saved.key } });
        savedText = saved.key === document.id ? text : JSON.stringify({ ...document, id: saved.key });
        const key = updated.key;
        // The canvas stays as it is (selection, viewport); only the entry now points at the workspace copy.
        set({
          flows: [
            { ...updated, document: get().currentDocument() },
            ...get().flows.filter((candidate) => candidate.key !== entry.key && candidate.key !== key),
          ],
          openKey: key,
          edited: true,
          saveState: openText() === savedText ? 'saved' : 'unsaved',
          ...(auto ? {} : { notice: { tone: 'info' as const, text: `Saved "${saved.name}".` } }),
        });
        return true;
      },

      hasUnsavedChanges: () => {
        const entry = openEntry();
        if (!entry) return false;
        if (entry.source !== 'remote') return get().edited;
        const state = get().saveState;
        return state === 'saving' || state === 'conflict' || state === 'error' || openText() !== savedText;
      },

      resolveConflict: async (choice) => {
        const entry = openEntry();
        if (!entry?.remoteId) return;
        const latest = await remote('Loading the latest draft', () => requireApi().getFlow(entry.remoteId!));
        if (!latest) return;
        if (choice === 'theirs') {
          const fresh = remoteEntry(latest);
          show(
            get().flows.map((candidate) => (candidate.key === entry.key ? fresh : candidate)),
            fresh.key,
            { tone: 'info', text: 'Reloaded the latest saved version of this flow.' },
          );
          return;
        }
        set({
          flows: get().flows.map((candidate) =>
            candidate.key === entry.key ? { ...candidate, revision: latest.revision } : candidate,
          ),
          saveState: 'unsaved',
        });
        await get().save();
      },

      renameFlow: (name) => {
        const { envelope } = get();
        const entry = openEntry();
        const id = typeof envelope.id === 'string' ? envelope.id : '';
        const oldName = typeof envelope.name === 'string' ? envelope.name : '';
        // The id follows the name while it still is the name's id and nothing refers to it yet.
        const follows = !entry?.activeVersion && id === flowIdFromName(oldName);
        if (!follows || !name.trim()) return get().updateEnvelope({ ...envelope, name });
        const taken = takenIds();
        taken.delete(id);
        get().updateEnvelope({ ...envelope, name, id: freeFlowId(flowIdFromName(name), taken) });
      },

      setFlowId: (id) => {
        if (openEntry()?.activeVersion) return;
        get().updateEnvelope({ ...get().envelope, id });
      },

      archiveFlow: async () => {
        const entry = openEntry();
        if (!entry?.remoteId) return;
        const archived = await remote('Archiving', () => requireApi().archive(entry.remoteId!));
        if (!archived) return;
        closeFlow({
          flows: get().flows.filter((candidate) => candidate.key !== entry.key),
          notice: { tone: 'info', text: `Archived "${archived.name}".` },
        });
      },

      duplicateFlow: async () => {
        const entry = openEntry();
        if (!entry) return;
        if (!entry.remoteId) {
          // Not in the workspace: copy it locally under a new id, saved when the author saves.
          const document = get().currentDocument() as Record<string, unknown> | null;
          if (!document) return;
          const copy = {
            ...document,
            id: freeFlowId(`${String(document.id ?? 'flow')}-copy`, takenIds()),
            name: `${entry.name} (copy)`,
          };
          get().importFlowText(`${copy.id}.flow.json`, JSON.stringify(copy));
          return;
        }
        if (get().edited && !(await get().save())) return;
        const copy = await remote('Duplicating', () => requireApi().duplicate(entry.remoteId!));
        if (!copy) return;
        await get().loadWorkspace();
        await get().openRemoteFlow(copy.id);
        set({ notice: { tone: 'info', text: `Duplicated as "${copy.name}".` } });
      },

      exportDocument: () => {
        const document = get().currentDocument() as Record<string, unknown> | null;
        if (!document) return null;
        const id = typeof document.id === 'string' && document.id ? document.id : 'flow';
        return { fileName: `${id}.flow.json`, text: `${JSON.stringify(document, null, 2)}\n` };
      },

      showAnalytics: async () => {
        const entry = openEntry();
        if (!entry?.remoteId || !entry.activeVersion) {
          set({
            notice: { tone: 'info', text: 'Analytics are for published flows: publish this flow first.' },
          });
          return;
        }
        const analytics = await remote('Loading analytics', () => requireApi().analytics(entry.remoteId!));
        if (analytics && stillOpen(entry)) set({ analytics });
      },

      hideAnalytics: () => set({ analytics: null }),

      currentDocument: () => {
        const { openKey, flows, edited, envelope, nodes, edges } = get();
        if (!openKey) return null;
        if (!edited) return flows.find((entry) => entry.key === openKey)?.document ?? null;
        return joinFlowDocument(fromCanvas(envelope, nodes, edges));
      },
    };
  };
