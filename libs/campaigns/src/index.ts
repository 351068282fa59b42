export * from './import/column-mapping';
export {
  importContacts,
  importOptionsSchema,
  ImportFileError,
  type ImportOptions,
  type ImportReport,
} from './import/import-contacts';
export * from './segments/segment-filter';
export { compileSegment } from './segments/compile-segment';
export * from './segments/segments';
export * from './campaigns/campaign-spec';
export * from './campaigns/campaign-errors';
export * from './campaigns/create-campaign';
export * from './campaigns/campaign-control';
export * from './campaigns/dispatch-batch';
export * from './campaigns/campaign-dispatcher';
export * from './campaigns/campaign-stats';
export * from './campaigns/messaging-tier';
export * from './campaigns/resolve-params';
export * from './campaigns/workspace-time';
