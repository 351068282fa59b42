// The workflows bundle's entry point (workflowsPath): only @temporalio/workflow and the flow core.
export { contactWorkflow, contactEvent } from './contact-workflow';
