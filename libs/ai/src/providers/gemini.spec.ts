import { toGeminiSchema } from './gemini-schema';
import { splitGeminiBaseUrl } from './gemini.provider';

describe('splitGeminiBaseUrl', () => {
  it('splits a trailing API version off the host', () => {
    expect(splitGeminiBaseUrl('https://generativelanguage.googleapis.com/v1beta/')).toEqual({
      baseUrl: 'https://generativelanguage.googleapis.com',
      apiVersion: 'v1beta',
    });
    expect(splitGeminiBaseUrl('http://proxy.local/google/v1')).toEqual({
      baseUrl: 'http://proxy.local/google',
      apiVersion: 'v1',
    });
  });

  it('leaves a URL without a version alone', () => {
    expect(splitGeminiBaseUrl('http://127.0.0.1:8080')).toEqual({ baseUrl: 'http://127.0.0.1:8080' });
    expect(splitGeminiBaseUrl('http://v1beta')).toEqual({ baseUrl: 'http://v1beta' });
  });
});

describe('toGeminiSchema', () => {
  it('turns nullable types, enums and objects into Gemini schema', () => {
    expect(
      toGeminiSchema({
        type: 'object',
        properties: {
          label: { type: 'string', enum: ['a', 'b'] },
          when: { type: ['string', 'null'], description: 'YYYY-MM-DD' },
          list: { type: 'array', items: { type: 'number' } },
        },
        required: ['label', 'when'],
        additionalProperties: false,
      }),
    ).toEqual({
      type: 'object',
      properties: {
        label: { type: 'string', format: 'enum', enum: ['a', 'b'] },
        when: { type: 'string', nullable: true, description: 'YYYY-MM-DD' },
        list: { type: 'array', items: { type: 'number' } },
      },
      required: ['label', 'when'],
    });
  });
});
