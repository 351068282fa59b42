// The Temporal engine. Workflow code lives in ./workflows (bundled on its own: it imports only
// @temporalio/workflow and @leadline/flow-core); this entry point is for the API and the worker.
import { join } from 'node:path';

export * from './workflows/contract';

/**
 * The workflows' entry point for Worker.create / bundleWorkflowCode: index.ts from the sources,
 * index.js once compiled (npm run build).
 */
export const WORKFLOWS_PATH = require.resolve(join(__dirname, 'workflows'));
export { TemporalEngineClient, type TemporalSettings } from './client/temporal-engine-client';
export { inboxForwarder, contactsWithPendingEvents, type SignalWithStart } from './client/inbox-forwarder';
export { createContactActivities, type ContactActivityDeps } from './activities/contact-activities';
