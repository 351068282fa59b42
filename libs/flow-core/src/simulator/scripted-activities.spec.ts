import type { ActivityRequest } from '../runtime/effects';
import {
  scriptedActivity,
  withScriptedAnswers,
  type IssuedDocuments,
  type ScriptedAnswers,
} from './scripted-activities';

const NOW = '2026-01-05T09:00:00.000Z';
const none: ScriptedAnswers = { ai: {}, http: {}, activity: {} };

const ai = (task: 'reply' | 'classify' | 'extract'): ActivityRequest => ({
  kind: 'ai',
  task,
  instructions: 'Help the customer.',
  input: { text: 'How much?', contact: {}, vars: {} },
});
const http: ActivityRequest = {
  kind: 'http',
  method: 'GET',
  url: 'https://example.com',
  headers: {},
  timeoutMs: 1000,
};
const custom: ActivityRequest = { kind: 'activity', name: 'crm.lookup', input: {} };
const quote: ActivityRequest = {
  kind: 'document',
  documentKind: 'quote',
  items: [{ description: 'Panel', quantity: 2, unitPrice: 100 }],
  currency: 'ZAR',
  taxRate: 0.15,
  contact: {},
};

function outcome(answers: ScriptedAnswers, request: ActivityRequest, nodeId = 'node') {
  return scriptedActivity(answers, { nodeId, request, now: NOW, issued: {} }).outcome;
}

describe('scriptedActivity', () => {
  it('answers each AI task from the script, shaped as the AI node reads it', () => {
    const answers: ScriptedAnswers = {
      ...none,
      ai: { reply: 'We open at 9.', classify: 'pricing', extract: { budget: 5000 } },
    };
    expect(outcome(answers, ai('reply'))).toEqual({ ok: true, output: { text: 'We open at 9.' } });
    expect(outcome(answers, ai('classify'))).toEqual({ ok: true, output: { label: 'pricing' } });
    expect(outcome(answers, ai('extract'))).toEqual({ ok: true, output: { values: { budget: 5000 } } });
  });

  it('fails every AI task as a provider error once the script sets one', () => {
    const answers: ScriptedAnswers = { ...none, ai: { reply: 'unused', error: 'quota exceeded' } };
    expect(outcome(answers, ai('reply'))).toEqual({
      ok: false,
      error: { code: 'AI_PROVIDER_ERROR', message: 'quota exceeded' },
    });
  });

  it('says which AI task has no scripted answer', () => {
    expect(outcome({ ...none, ai: { reply: 'hi' } }, ai('classify'))).toEqual({
      ok: false,
      error: {
        code: 'SIMULATOR_NO_ANSWER',
        message: 'No scripted AI answer for "classify" (use a "set": { "ai": ... } step).',
      },
    });
  });

  it("answers an HTTP node with the response scripted for its node id, or that response's error", () => {
    const response = { status: 200, body: { ok: true } };
    const answers: ScriptedAnswers = { ...none, http: { fetch: response, broken: { error: 'timeout' } } };
    expect(outcome(answers, http, 'fetch')).toEqual({ ok: true, output: response });
    expect(outcome(answers, http, 'broken')).toEqual({
      ok: false,
      error: { code: 'HTTP_ERROR', message: 'timeout' },
    });
    expect(outcome(answers, http, 'other')).toEqual({
      ok: false,
      error: {
        code: 'SIMULATOR_NO_ANSWER',
        message: 'No scripted response for HTTP node "other" (use "set": { "http": { "other": ... } }).',
      },
    });
  });

  it("answers a custom activity with the output scripted for its name, or that output's error", () => {
    expect(outcome({ ...none, activity: { 'crm.lookup': { tier: 'gold' } } }, custom)).toEqual({
      ok: true,
      output: { tier: 'gold' },
    });
    expect(outcome({ ...none, activity: { 'crm.lookup': { error: 'not found' } } }, custom)).toEqual({
      ok: false,
      error: { code: 'ACTIVITY_ERROR', message: 'not found' },
    });
    // Scalars are outputs too: only an object with an "error" key fails the call.
    expect(outcome({ ...none, activity: { 'crm.lookup': 0 } }, custom)).toEqual({ ok: true, output: 0 });
    expect(outcome(none, custom)).toEqual({
      ok: false,
      error: {
        code: 'SIMULATOR_NO_ANSWER',
        message:
          'No scripted output for activity "crm.lookup" (use "set": { "activity": { "crm.lookup": ... } }).',
      },
    });
  });

  it('numbers documents per kind and year, counting from the documents issued before', () => {
    const first = scriptedActivity(none, { nodeId: 'q', request: quote, now: NOW, issued: {} });
    expect(first.outcome).toEqual({
      ok: true,
      output: {
        documentId: 'sim-doc-Q-2026-0001',
        number: 'Q-2026-0001',
        filename: 'Q-2026-0001.pdf',
        currency: 'ZAR',
        totalMinor: 23000,
      },
    });
    const second = scriptedActivity(none, { nodeId: 'q', request: quote, now: NOW, issued: first.issued });
    expect(second.outcome).toMatchObject({ output: { number: 'Q-2026-0002' } });
    const invoice = { ...quote, documentKind: 'invoice' } as ActivityRequest;
    const nextYear = '2027-01-01T00:00:00.000Z';
    const other = scriptedActivity(none, {
      nodeId: 'i',
      request: invoice,
      now: nextYear,
      issued: second.issued,
    });
    expect(other.outcome).toMatchObject({ output: { number: 'INV-2027-0001' } });
    expect(other.issued).toEqual({ 'Q-2026': 2, 'INV-2027': 1 });
  });

  it('leaves the document counts alone for every other activity', () => {
    const issued: IssuedDocuments = { 'Q-2026': 3 };
    const result = scriptedActivity(none, { nodeId: 'n', request: custom, now: NOW, issued });
    expect(result.issued).toEqual({ 'Q-2026': 3 });
  });
});

describe('withScriptedAnswers', () => {
  it('lets a later "set" step replace answers by key and keep the others', () => {
    const first = withScriptedAnswers(
      { ai: {}, http: {}, activity: {} },
      { http: { crm: { status: 200 } }, activity: { 'score-lead': { score: 10 } } },
    );
    const second = withScriptedAnswers(first, { activity: { 'score-lead': { score: 90 } } });
    expect(second).toEqual({
      ai: {},
      http: { crm: { status: 200 } },
      activity: { 'score-lead': { score: 90 } },
    });
    expect(first.activity).toEqual({ 'score-lead': { score: 10 } });
  });
});
