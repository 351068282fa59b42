import { flowJsonSchema, flowSchema, nodeDefinitions, NODE_TYPES, validateFlow } from '../src';
import { schemaProblems, validationErrors } from './support/json-schema-check';

/** The example flow of the spec's §1, as written there. */
const SPEC_EXAMPLE = {
  format: 'leadline.flow/v1',
  id: 'lead-capture',
  name: 'Lead capture',
  settings: {
    reengagementTemplate: { name: 'still_interested', language: 'en', params: ['{{contact.name}}'] },
    windowSafetyMargin: '60s',
  },
  nodes: [
    {
      id: 'start',
      type: 'trigger',
      position: { x: 0, y: 0 },
      data: { on: 'message', keywords: ['hi', 'price'], match: 'contains' },
    },
    {
      id: 'ask_name',
      type: 'question',
      position: { x: 0, y: 120 },
      data: { text: 'Hi! What is your name?', save: 'name', expect: 'text' },
    },
  ],
  edges: [{ id: 'e1', source: 'start', sourceHandle: 'next', target: 'ask_name' }],
};

type JsonObject = Record<string, unknown>;
const schema = flowJsonSchema();
const nodeVariants = () =>
  (((schema.properties as JsonObject).nodes as JsonObject).items as JsonObject).oneOf as JsonObject[];

describe('flowJsonSchema()', () => {
  it('is a draft 2020-12 JSON Schema with an id, and survives a JSON round trip', () => {
    expect(schema).toMatchObject({ $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'object' });
    expect(schema.$id).toEqual(expect.stringMatching(/^https:\/\//));
    expect(JSON.parse(JSON.stringify(schema))).toEqual(schema);
  });

  it('uses only known keywords, valid types and valid patterns', () => {
    expect(schemaProblems(schema)).toEqual([]);
  });

  it('describes the document: format, id, name, settings, nodes and edges', () => {
    const properties = schema.properties as JsonObject;
    expect(Object.keys(properties)).toEqual(
      expect.arrayContaining(['format', 'id', 'name', 'settings', 'nodes', 'edges']),
    );
    expect(schema.required).toEqual(expect.arrayContaining(['format', 'id', 'name', 'nodes', 'edges']));
    expect(properties.format).toMatchObject({ const: 'leadline.flow/v1' });
  });

  it('has one node variant per node type, each with its title and the type as a constant', () => {
    const variants = nodeVariants();
    const types = variants.map((variant) => (variant.properties as { type: { const: string } }).type.const);
    expect(types.sort()).toEqual([...NODE_TYPES].sort());
    expect(NODE_TYPES).toEqual(
      expect.arrayContaining([
        'trigger',
        'message',
        'question',
        'condition',
        'set',
        'wait',
        'template',
        'ai',
        'document',
        'http',
        'activity',
        'crm',
        'handoff',
        'end',
      ]),
    );
    for (const variant of variants) expect(variant.title).toEqual(expect.any(String));
  });

  it("accepts the spec's example flow (and so do the zod schema and the validator)", () => {
    expect(validationErrors(schema, SPEC_EXAMPLE)).toEqual([]);
    expect(flowSchema.safeParse(SPEC_EXAMPLE).success).toBe(true);
    // The spec's example is a fragment: its question's "invalid" port leads nowhere yet (a warning).
    const result = validateFlow(SPEC_EXAMPLE);
    expect(result.ok).toBe(true);
    expect(result.diagnostics.map((diagnostic) => [diagnostic.code, diagnostic.path])).toEqual([
      ['DEAD_END', 'ports.invalid'],
    ]);
  });

  it.each(nodeDefinitions.map((definition) => [definition.type, definition.defaults] as const))(
    'accepts a %s node with its editor defaults',
    (type, defaults) => {
      const flow = { ...SPEC_EXAMPLE, nodes: [...SPEC_EXAMPLE.nodes, { id: 'x', type, data: defaults }] };
      expect(validationErrors(schema, flow)).toEqual([]);
    },
  );

  it.each([
    ['an unknown node type', { id: 'x', type: 'teleport', data: {} }],
    ['a question without text', { id: 'x', type: 'question', data: { save: 'name' } }],
    ['a wait with a bad duration type', { id: 'x', type: 'wait', data: { duration: 5 } }],
    ['an unknown field in node data', { id: 'x', type: 'end', data: { colour: 'red' } }],
    ['a bad node id', { id: 'has space', type: 'end', data: {} }],
  ])('rejects %s', (_label, node) => {
    const flow = { ...SPEC_EXAMPLE, nodes: [...SPEC_EXAMPLE.nodes, node] };
    expect(validationErrors(schema, flow)).not.toEqual([]);
  });

  it.each([
    ['a wrong format', { ...SPEC_EXAMPLE, format: 'leadline.flow/v2' }],
    ['an upper-case flow id', { ...SPEC_EXAMPLE, id: 'Lead' }],
    ['missing edges', { ...SPEC_EXAMPLE, edges: undefined }],
  ])('rejects a document with %s', (_label, document) => {
    expect(validationErrors(schema, JSON.parse(JSON.stringify(document)))).not.toEqual([]);
  });
});
