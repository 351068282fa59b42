import { useEffect, useRef } from 'react';
import { useNavigate, useParams } from 'react-router';
import { ReactFlowProvider } from '@xyflow/react';
import { editorStore, useEditor } from '../../store';
import { AnalyticsPanel } from '../analytics';
import { FlowCanvas } from '../canvas/flow-canvas';
import { FlowDetails } from '../flow-details/flow-details';
import { FlowsSidebar } from '../flows-sidebar/flows-sidebar';
import { NodeInspector } from '../inspector/node-inspector';
import { NodePalette } from '../palette/node-palette';
import { ProblemsPanel } from '../problems/problems-panel';
import { W24hFixDialog } from '../problems/w24h-fix-dialog';
import { ComparisonDialog, PublishDialog } from '../publish/publish-dialog';
import { SimulatorPanel } from '../simulator/simulator-panel';
import { EditorToolbar } from '../toolbar/editor-toolbar';
import { NoticeBar } from '../toolbar/notice-bar';
import { ConflictBar } from '../toolbar/save-status';
import { useSession } from '../auth';
import { findByPathKey, flowPathKey } from './flow-path';

/**
 * Keeps /flows/:flowKey and the open flow in step: a link or the back button opens the flow the URL
 * names; opening a flow in the sidebar puts it in the URL (a new history entry, so back returns).
 */
function useFlowUrl(): void {
  const { flowKey } = useParams();
  const navigate = useNavigate();
  const openKey = useEditor((state) => state.openKey);
  const flows = useEditor((state) => state.flows);
  // The URL key last acted on (opened, or written after the author opened a flow): a later change of
  // the flow list (a save, a duplicate) must not reopen it.
  const handled = useRef<string | null>(null);
  // A workspace flow being fetched because the URL named it: the URL leads until it is open.
  const opening = useRef(false);

  useEffect(() => {
    if (!flowKey || flowKey === handled.current) return;
    const entry = findByPathKey(flows, flowKey);
    if (!entry) return; // the workspace's flows are still loading
    handled.current = flowKey;
    const state = editorStore.getState();
    if (entry.key === state.openKey) return;
    if (entry.source === 'remote' && entry.remoteId && !entry.document) {
      opening.current = true;
      void state.openRemoteFlow(entry.remoteId).finally(() => {
        opening.current = false;
      });
    } else {
      state.openFlow(entry.key);
    }
  }, [flowKey, flows]);

  useEffect(() => {
    if (!openKey || opening.current) return;
    const entry = flows.find((candidate) => candidate.key === openKey);
    if (!entry) return;
    const pathKey = flowPathKey(entry);
    if (pathKey === flowKey) return;
    handled.current = pathKey;
    void navigate(`/flows/${encodeURIComponent(pathKey)}`, { replace: !flowKey });
    // Only the open flow moves the URL here; the URL's own changes are handled above.
  }, [openKey, flows]);
}

/** Today's flow editor, one section of the web app. */
export function FlowEditorPage() {
  const inspecting = useEditor((state) => state.inspected !== null);
  const simulating = useEditor((state) => state.sim.open);
  const signedIn = useSession((state) => state.session !== null);
  useFlowUrl();

  useEffect(() => {
    if (signedIn) void editorStore.getState().loadWorkspace();
  }, [signedIn]);

  // Leaving the page (reload, close, another site) with work not yet saved asks first.
  useEffect(() => {
    const onLeave = (event: BeforeUnloadEvent) => {
      if (!editorStore.getState().hasUnsavedChanges()) return;
      event.preventDefault();
      event.returnValue = '';
    };
    window.addEventListener('beforeunload', onLeave);
    return () => window.removeEventListener('beforeunload', onLeave);
  }, []);

  // The provider wraps the panels too: the palette places new nodes in the canvas's visible area.
  return (
    <ReactFlowProvider>
      <div className={`editor${simulating ? ' editor--simulating' : ''}`}>
        <EditorToolbar />
        {/* The palette first: it is what editing needs; the flow lists are below it. */}
        <aside className="editor__sidebar">
          <NodePalette />
          <FlowsSidebar />
        </aside>
        <main className="editor__main">
          <ConflictBar />
          <NoticeBar />
          <FlowCanvas />
        </main>
        <aside className="editor__problems">
          <AnalyticsPanel />
          <SimulatorPanel />
          {inspecting ? <NodeInspector /> : <FlowDetails />}
          <ProblemsPanel />
        </aside>
        <PublishDialog />
        <ComparisonDialog />
        <W24hFixDialog />
      </div>
    </ReactFlowProvider>
  );
}
