import { validateFlow, type Diagnostic } from '@leadline/flow-core';
import { fromCanvas } from '../../flows/canvas-model';
import { w24hFix, type TemplateOption } from '../../flows/w24h-fix';
import type { SliceCreator } from '../../store/editor-kit';

export interface NodeIssues {
  errors: number;
  warnings: number;
  messages: string[];
}

export interface ValidationSlice {
  diagnostics: Diagnostic[];
  issuesByNode: Record<string, NodeIssues>;
  /** Per node, its ports that end the conversation without a word (DEAD_END), with the reason. */
  deadEndsByNode: Record<string, Record<string, string>>;
  validating: boolean;
  focusDiagnostic(diagnostic: Diagnostic): void;
  /** The step whose 24-hour fix the author is choosing a template for (the chooser is open). */
  w24hChoice: { nodeId: string } | null;
  /** Opens the chooser of W24H's fix: nothing changes until a template is picked. */
  fixW24h(nodeId: string): void;
  cancelW24hFix(): void;
  /** The fix, with the template the author picked: a fallback on the step, or the flow's re-engagement template. */
  applyW24hFix(nodeId: string, template: TemplateOption): void;
  /** Resolves when the latest validation has landed (tests, and callers that must wait for it). */
  settled(): Promise<void>;
}

/** Above this many nodes, validation waits for a pause in the edits (see revalidate). */
export const LARGE_FLOW_NODES = 300;
const LARGE_FLOW_DEBOUNCE_MS = 150;

/** What the Problems panel and the cards show before the core has checked anything. */
export const noDiagnostics = (): Pick<
  ValidationSlice,
  'diagnostics' | 'issuesByNode' | 'deadEndsByNode'
> => ({ diagnostics: [], issuesByNode: {}, deadEndsByNode: {} });

function groupDeadEnds(diagnostics: readonly Diagnostic[]): Record<string, Record<string, string>> {
  const byNode: Record<string, Record<string, string>> = {};
  for (const diagnostic of diagnostics) {
    if (diagnostic.code !== 'DEAD_END' || !diagnostic.nodeId || !diagnostic.path?.startsWith('ports.'))
      continue;
    (byNode[diagnostic.nodeId] ??= {})[diagnostic.path.slice('ports.'.length)] = diagnostic.message;
  }
  return byNode;
}

function groupIssues(diagnostics: readonly Diagnostic[]): Record<string, NodeIssues> {
  const byNode: Record<string, NodeIssues> = {};
  for (const diagnostic of diagnostics) {
    if (!diagnostic.nodeId) continue;
    const issues = (byNode[diagnostic.nodeId] ??= { errors: 0, warnings: 0, messages: [] });
    if (diagnostic.severity === 'error') issues.errors += 1;
    else issues.warnings += 1;
    issues.messages.push(`${diagnostic.code}: ${diagnostic.message}`);
  }
  return byNode;
}

/** The core's verdict on the open flow, kept current after every edit, and the fixes it offers. */
export const createValidationSlice: SliceCreator<ValidationSlice> = (set, get, kit) => {
  // Validation is async; only the answer to the latest request may land, edits made meanwhile win.
  let validationSeq = 0;
  let pending: Promise<void> = Promise.resolve();

  const validate = (document: unknown) => {
    if (kit.options.validate) return kit.options.validate(document);
    // Activity names are checked only against a manifest we have: without one, any name may exist.
    const activities = get().activities.map((activity) => activity.name);
    return validateFlow(document, activities.length ? { activities } : {});
  };

  kit.revalidate = () => {
    const seq = ++validationSeq;
    const document = get().currentDocument();
    if (document === null) {
      set({ ...noDiagnostics(), validating: false });
      return;
    }
    set({ validating: true });
    // A big flow takes the core a noticeable time to check: while the author types or drags, only
    // the last edit of a burst is checked. Small flows are checked on every edit.
    const large = get().nodes.length > LARGE_FLOW_NODES;
    const start = large
      ? new Promise<void>((resolve) => setTimeout(resolve, LARGE_FLOW_DEBOUNCE_MS))
      : Promise.resolve();
    // `then` takes the core's answer whether it is synchronous or a promise.
    pending = start
      .then(() => (large && seq !== validationSeq ? null : validate(document)))
      .then(
        (result) => result?.diagnostics ?? null,
        (error: unknown): Diagnostic[] => [
          {
            severity: 'error',
            code: 'VALIDATOR',
            message: `The validator failed: ${(error as Error)?.message ?? error}`,
          },
        ],
      )
      .then((diagnostics) => {
        if (diagnostics === null || seq !== validationSeq) return;
        set({
          diagnostics,
          issuesByNode: groupIssues(diagnostics),
          deadEndsByNode: groupDeadEnds(diagnostics),
          validating: false,
        });
      });
  };

  return {
    ...noDiagnostics(),
    validating: false,
    w24hChoice: null,

    focusDiagnostic: (diagnostic) => {
      const { nodes, edges, focus } = get();
      const edge = diagnostic.edgeId
        ? edges.find((candidate) => candidate.id === diagnostic.edgeId)
        : undefined;
      const nodeId = [diagnostic.nodeId, edge?.source, edge?.target].find(
        (id) => id !== undefined && nodes.some((node) => node.id === id),
      );
      set({
        nodes: nodes.map((node) =>
          (node.id === nodeId) === Boolean(node.selected) ? node : { ...node, selected: node.id === nodeId },
        ),
        edges: edges.map((candidate) =>
          (candidate.id === edge?.id) === Boolean(candidate.selected)
            ? candidate
            : { ...candidate, selected: candidate.id === edge?.id },
        ),
        focus: nodeId ? { nodeId, seq: (focus?.seq ?? 0) + 1 } : focus,
        inspected: nodeId ?? null,
      });
    },

    fixW24h: (nodeId) => {
      if (get().nodes.some((candidate) => candidate.id === nodeId)) set({ w24hChoice: { nodeId } });
    },

    cancelW24hFix: () => set({ w24hChoice: null }),

    applyW24hFix: (nodeId, template) => {
      const node = get().nodes.find((candidate) => candidate.id === nodeId);
      set({ w24hChoice: null });
      if (!node) return;
      kit.forgetTyping(); // the fix is an undo step of its own
      const { envelope, nodes, edges } = get();
      const fix = w24hFix({ id: node.id, ...node.data }, fromCanvas(envelope, nodes, edges), template);
      if (fix.kind === 'node') get().updateNodeConfig(nodeId, fix.config);
      else get().updateEnvelope(fix.envelope);
      set({
        notice: {
          tone: 'info',
          text:
            fix.kind === 'node'
              ? `After 24 hours without a reply, this step now sends the template "${template.name}".`
              : `Set the flow's re-engagement template to "${template.name}".`,
        },
      });
    },

    settled: async () => {
      let seen: Promise<void>;
      do {
        seen = pending;
        await seen;
      } while (seen !== pending);
    },
  };
};
