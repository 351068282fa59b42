import { GraphRequestError } from '../meta-graph-errors';
import {
  pageTemplates,
  placeholders,
  TemplateStore,
  templateParameterMismatch,
} from '../meta-template-store';

const store = () => new TemplateStore();
const body = (text: string) => [{ type: 'BODY', text }];

describe('template placeholders', () => {
  it('lists distinct positional and named placeholders in order', () => {
    expect(placeholders('Hi {{1}}, order {{2}} for {{1}}')).toEqual(['1', '2']);
    expect(placeholders('Hi {{ first_name }}')).toEqual(['first_name']);
    expect(placeholders(undefined)).toEqual([]);
  });
});

describe('TemplateStore', () => {
  it('rejects non-sequential positional placeholders and bad categories', () => {
    expect(() =>
      store().add({ wabaId: 'W', name: 'x', language: 'en', category: 'UTILITY', components: body('{{2}}') }),
    ).toThrow(GraphRequestError);
    expect(() =>
      store().add({ wabaId: 'W', name: 'x', language: 'en', category: 'PROMO', components: body('hi') }),
    ).toThrow(/category/);
  });

  it('checks named parameters by name, and media headers by count', () => {
    const s = store();
    const named = s.add({
      wabaId: 'W',
      name: 'named',
      language: 'en',
      category: 'MARKETING',
      parameterFormat: 'named',
      components: [{ type: 'HEADER', format: 'IMAGE' }, ...body('Hi {{first_name}}')],
    });
    const header = { type: 'header', parameters: [{ type: 'image', image: { id: '1' } }] };
    const ok = { type: 'body', parameters: [{ type: 'text', text: 'Ana', parameter_name: 'first_name' }] };
    const wrongName = { type: 'body', parameters: [{ type: 'text', text: 'Ana', parameter_name: 'name' }] };
    expect(
      templateParameterMismatch(named, { name: 'named', language: 'en', components: [header, ok] }),
    ).toBeUndefined();
    expect(
      templateParameterMismatch(named, { name: 'named', language: 'en', components: [header, wrongName] }),
    ).toMatch(/first_name/);
    expect(templateParameterMismatch(named, { name: 'named', language: 'en', components: [ok] })).toMatch(
      /header/,
    );
  });

  it('pages in creation order and filters by status', () => {
    const s = store();
    for (const name of ['a', 'b', 'c']) {
      s.add({
        wabaId: 'W',
        name,
        language: 'en',
        category: 'UTILITY',
        components: body('hi'),
        status: name === 'b' ? 'APPROVED' : 'PENDING',
      });
    }
    const first = pageTemplates(s.list('W'), { limit: 2 });
    expect(first.data.map((t) => t.name)).toEqual(['a', 'b']);
    const second = pageTemplates(s.list('W'), { limit: 2, after: first.nextAfter });
    expect(second.data.map((t) => t.name)).toEqual(['c']);
    expect(second.nextAfter).toBeUndefined();
    expect(pageTemplates(s.list('W'), { limit: 10, status: ['APPROVED'] }).data.map((t) => t.name)).toEqual([
      'b',
    ]);
  });
});
