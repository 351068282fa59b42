// The Temporal engine. Workflow code lives in ./workflows (bundled on its own: it imports only
// @temporalio/workflow and the contract); this entry point is for the API and the worker.
import { join } from 'node:path';

export * from './workflows/contract';

/**
 * The workflows' entry point for Worker.create / bundleWorkflowCode: index.ts from the sources,
 * index.js once compiled (npm run build).
 */
export const WORKFLOWS_PATH = require.resolve(join(__dirname, 'workflows'));
export {
  TemporalEngineClient,
  connectionOptions,
  dataConverter,
  type TemporalSettings,
} from './client/temporal-engine-client';
export { AesGcmPayloadCodec, ENCRYPTED_ENCODING } from './codec/aes-gcm-codec';
export { codecRequestHandler, startCodecServer, type CodecServerOptions } from './codec/codec-server';
export { handOverEmbeddedSteps, HAND_OVER_AFTER_MS } from './client/hand-over';
export { eraseContactExecutions, type ExecutionAdmin } from './client/erase-executions';
export {
  inboxForwarder,
  contactsWithPendingEvents,
  contactsWithPendingWork,
  type SignalWithStart,
} from './client/inbox-forwarder';
export {
  createContactActivities,
  contactErased,
  CHANNEL_RATE,
  type ContactActivityDeps,
} from './activities/contact-activities';
