export {
  syncChannelTemplates,
  syncTenantTemplates,
  syncAllTemplates,
  type TemplateSyncCounts,
  type ChannelSyncOutcome,
  type SyncAllOptions,
} from './template-sync';
export {
  createTemplate,
  bodyComponents,
  checkTemplateDefinition,
  TEMPLATE_NAME_PATTERN,
  TEMPLATE_LANGUAGE_PATTERN,
  type NewTemplate,
} from './template-create';
export { templateProviders, type TemplateProviders } from './template-providers';
export {
  TemplateChannelError,
  InvalidTemplateError,
  describeProviderFailure,
  type ChannelLabel,
} from './template-errors';
export { templateStatusFromProvider, templateCategoryFromProvider } from './template-status';
