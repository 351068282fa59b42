import { computeTotals } from '../money/money';
import type { ActivityRequest } from '../runtime/effects';
import type { ActivityFailure } from '../runtime/events';
import type { AiAnswers } from './script.schema';

/** What a script's "set" steps have said so far (spec §4): later steps override earlier ones per key. */
export interface ScriptedAnswers {
  ai: AiAnswers;
  /** Responses of `http` nodes by node id, or `{ "error": "..." }`. */
  http: Record<string, unknown>;
  /** Outputs of custom activities by name, or `{ "error": "..." }`. */
  activity: Record<string, unknown>;
}

/** The answers after one more "set" step: its keys replace the earlier ones of the same name. */
export function withScriptedAnswers(
  answers: ScriptedAnswers,
  set: Partial<ScriptedAnswers>,
): ScriptedAnswers {
  return {
    ai: { ...answers.ai, ...set.ai },
    http: { ...answers.http, ...set.http },
    activity: { ...answers.activity, ...set.activity },
  };
}

export type ScriptedOutcome = { ok: true; output: unknown } | { ok: false; error: ActivityFailure };

/** How many simulated documents were issued per numbering series ("Q-2026", "INV-2026"). */
export type IssuedDocuments = Readonly<Record<string, number>>;

export interface ScriptedCall {
  nodeId: string;
  request: ActivityRequest;
  /** The simulated time the activity runs at; its year picks the document numbering series. */
  now: string;
  issued: IssuedDocuments;
}

const fail = (code: string, message: string): ScriptedOutcome => ({ ok: false, error: { code, message } });
const ok = (output: unknown): ScriptedOutcome => ({ ok: true, output });

/**
 * The outcome of an activity in a simulated world: AI, HTTP and custom activities answer from the
 * script, documents are numbered per kind and year without rendering anything. The simulator and
 * the engines' script drivers share it, so a script gives the same transcript through each.
 * Returns the document counts after the call, for the caller to pass to the next one.
 */
export function scriptedActivity(
  answers: ScriptedAnswers,
  call: ScriptedCall,
): { outcome: ScriptedOutcome; issued: IssuedDocuments } {
  const { request, nodeId, issued } = call;
  if (request.kind === 'document') {
    const series = `${request.documentKind === 'quote' ? 'Q' : 'INV'}-${call.now.slice(0, 4)}`;
    const next = (issued[series] ?? 0) + 1;
    const number = `${series}-${String(next).padStart(4, '0')}`;
    const totals = computeTotals(request.items, request.currency, request.taxRate);
    return {
      outcome: ok({
        documentId: `sim-doc-${number}`,
        number,
        filename: `${number}.pdf`,
        currency: request.currency,
        totalMinor: totals.totalMinor,
      }),
      issued: { ...issued, [series]: next },
    };
  }
  return { outcome: scriptedAnswer(answers, nodeId, request), issued };
}

function scriptedAnswer(
  answers: ScriptedAnswers,
  nodeId: string,
  request: Exclude<ActivityRequest, { kind: 'document' }>,
): ScriptedOutcome {
  switch (request.kind) {
    case 'ai': {
      if (answers.ai.error) return fail('AI_PROVIDER_ERROR', answers.ai.error);
      const answer = answers.ai[request.task];
      if (answer === undefined)
        return fail(
          'SIMULATOR_NO_ANSWER',
          `No scripted AI answer for "${request.task}" (use a "set": { "ai": ... } step).`,
        );
      return ok(
        request.task === 'reply'
          ? { text: answer }
          : request.task === 'classify'
            ? { label: answer }
            : { values: answer },
      );
    }
    case 'http':
      return scriptedOutput(
        answers.http[nodeId],
        'HTTP_ERROR',
        `No scripted response for HTTP node "${nodeId}" (use "set": { "http": { "${nodeId}": ... } }).`,
      );
    case 'activity':
      return scriptedOutput(
        answers.activity[request.name],
        'ACTIVITY_ERROR',
        `No scripted output for activity "${request.name}" (use "set": { "activity": { "${request.name}": ... } }).`,
      );
  }
}

/** A scripted `{ "error": "..." }` fails the call with `errorCode`; anything else is its output. */
function scriptedOutput(answer: unknown, errorCode: string, missing: string): ScriptedOutcome {
  if (answer === undefined) return fail('SIMULATOR_NO_ANSWER', missing);
  return answer && typeof answer === 'object' && 'error' in answer
    ? fail(errorCode, String(answer.error))
    : ok(answer);
}
