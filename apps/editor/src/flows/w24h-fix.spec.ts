import { GOOD_FIT, previewTemplate, rankFixTemplates, type TemplateOption } from './w24h-fix';

const templates: TemplateOption[] = [
  {
    name: 'request_closed',
    language: 'en',
    status: 'approved',
    bodyParams: 1,
    body: 'Hi {{1}}, we will close your request now.',
  },
  {
    name: 'spring_promo_reminder',
    language: 'en',
    status: 'approved',
    bodyParams: 1,
    body: 'Hi {{1}}, our spring promo ends Friday: 20% off every solar panel.',
  },
  { name: 'promo_draft', language: 'en', status: 'pending', bodyParams: 0, body: 'Spring promo!' },
];

describe('the 24-hour fix offers templates ranked by fit', () => {
  it('puts the template that says what the step says first, and leaves out unapproved ones', () => {
    const ranked = rankFixTemplates(
      templates,
      'Last chance: the spring promo (20% off solar panels) ends Friday!',
    );
    expect(ranked.map((option) => option.template.name)).toEqual(['spring_promo_reminder', 'request_closed']);
    expect(ranked[0].fit).toBeGreaterThanOrEqual(GOOD_FIT);
    expect(ranked[1].fit).toBeLessThan(GOOD_FIT);
  });

  it('previews the body with what fills each slot', () => {
    expect(previewTemplate(templates[0], ['{{contact.name}}'])).toBe(
      'Hi {{contact.name}}, we will close your request now.',
    );
    expect(previewTemplate(templates[0], [])).toBe('Hi {{1}}, we will close your request now.');
  });
});
