import { flowNameOf, type FlowEntry } from './flow-entry';

// The example flows of the repository, bundled at build time until the editor reads flows from the API.
const modules = import.meta.glob<unknown>('../../../../flows/*.flow.json', {
  eager: true,
  import: 'default',
});

export function bundledFlows(): FlowEntry[] {
  return Object.entries(modules)
    .map(([modulePath, document]) => {
      const fileName = modulePath.slice(modulePath.lastIndexOf('/') + 1);
      return {
        key: `example:${fileName}`,
        source: 'example' as const,
        fileName,
        name: flowNameOf(document, fileName.replace(/\.flow\.json$/, '')),
        document,
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}
