// The workflows bundle's entry point (workflowsPath): only @temporalio/workflow and the contract.
// No flow-core here: transitions are computed in activities (see contract.ts).
export { contactWorkflow, contactWake, contactState } from './contact-workflow';
