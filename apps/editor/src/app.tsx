import { useEffect, useState } from 'react';
import { ReactFlowProvider } from '@xyflow/react';
import { LoginScreen } from './features/auth/login-screen';
import { FlowCanvas } from './features/canvas/flow-canvas';
import { FlowDetails } from './features/flow-details/flow-details';
import { FlowsSidebar } from './features/flows-sidebar/flows-sidebar';
import { NodeInspector } from './features/inspector/node-inspector';
import { NodePalette } from './features/palette/node-palette';
import { ProblemsPanel } from './features/problems/problems-panel';
import { ComparisonDialog, PublishDialog } from './features/publish/publish-dialog';
import { SimulatorPanel } from './features/simulator/simulator-panel';
import { EditorToolbar } from './features/toolbar/editor-toolbar';
import { NoticeBar } from './features/toolbar/notice-bar';
import { editorStore, useEditor } from './store';

export function App() {
  const signedIn = useEditor((state) => state.session !== null);
  const inspecting = useEditor((state) => state.inspected !== null);
  const simulating = useEditor((state) => state.sim.open);
  const [guest, setGuest] = useState(false);

  useEffect(() => {
    if (signedIn) void editorStore.getState().loadWorkspace();
  }, [signedIn]);

  if (!signedIn && !guest) return <LoginScreen onSkip={() => setGuest(true)} />;

  // The provider wraps the panels too: the palette places new nodes in the canvas's visible area.
  return (
    <ReactFlowProvider>
      <div className={`editor${simulating ? ' editor--simulating' : ''}`}>
        <EditorToolbar />
        <aside className="editor__sidebar">
          <FlowsSidebar />
          <NodePalette />
        </aside>
        <main className="editor__main">
          <NoticeBar />
          <FlowCanvas />
        </main>
        <aside className="editor__problems">
          <SimulatorPanel />
          {inspecting ? <NodeInspector /> : <FlowDetails />}
          <ProblemsPanel />
        </aside>
        <PublishDialog />
        <ComparisonDialog />
      </div>
    </ReactFlowProvider>
  );
}
