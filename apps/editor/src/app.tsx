import { ReactFlowProvider } from '@xyflow/react';
import { FlowCanvas } from './features/canvas/flow-canvas';
import { FlowDetails } from './features/flow-details/flow-details';
import { FlowsSidebar } from './features/flows-sidebar/flows-sidebar';
import { NodePalette } from './features/palette/node-palette';
import { ProblemsPanel } from './features/problems/problems-panel';
import { EditorToolbar } from './features/toolbar/editor-toolbar';
import { NoticeBar } from './features/toolbar/notice-bar';

export function App() {
  // The provider wraps the panels too: the palette places new nodes in the canvas's visible area.
  return (
    <ReactFlowProvider>
      <div className="editor">
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
          <FlowDetails />
          <ProblemsPanel />
        </aside>
      </div>
    </ReactFlowProvider>
  );
}
