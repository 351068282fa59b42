import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { defaultInvalidText, parseAnswer } from '../../answers';
import { parseDuration } from '../../flow/duration';
import type { FlowNode } from '../../flow/flow.types';
import type { InboundMessage } from '../../runtime/messages';
import type { StepContext } from '../../runtime/step-context';
import type { Outcome } from '../node-definition';
import { buildMessage } from '../shared/build-message';
import { optionsOf } from '../shared/interactive.schema';
import type { QuestionData } from './question.node';

/** Questions with buttons or a list expect a choice unless told otherwise. */
export function expectOf(data: QuestionData) {
  return data.expect ?? (data.buttons || data.list ? 'choice' : 'text');
}

function startTimeout(ctx: StepContext, node: FlowNode, data: QuestionData): string | undefined {
  const ms = data.timeout ? parseDuration(data.timeout) : undefined;
  return ms === undefined ? undefined : ctx.startTimer(node.id, ms);
}

async function sendPrompt(ctx: StepContext, node: FlowNode, data: QuestionData): Promise<void> {
  ctx.send(node.id, await buildMessage(ctx, node.id, data));
}

export async function askQuestion(ctx: StepContext, node: FlowNode, data: QuestionData): Promise<Outcome> {
  const result = await ctx.sendSession(node, await buildMessage(ctx, node.id, data), data.fallbackTemplate);
  if (result === 'window_closed') return { kind: 'go', port: 'window_closed' };
  if (result === 'fail') return { kind: 'fail', error: ctx.windowClosedError(node.id) };
  const timerId = startTimeout(ctx, node, data);
  return {
    kind: 'wait',
    wait: {
      kind: 'question',
      nodeId: node.id,
      phase: result === 'sent' ? 'answer' : 'reengage',
      attempts: 0,
      timerId,
    },
  };
}

/** The contact answered the re-engagement template: the window is open again, so ask for real. */
export async function reaskAfterReengagement(
  ctx: StepContext,
  node: FlowNode,
  data: QuestionData,
): Promise<Outcome> {
  const wait = ctx.state.wait;
  if (wait?.kind !== 'question') return { kind: 'stay' };
  ctx.cancelTimer(wait.timerId);
  await sendPrompt(ctx, node, data);
  return { kind: 'wait', wait: { ...wait, phase: 'answer', timerId: startTimeout(ctx, node, data) } };
}

/** The expectations whose parsing reads the default country (parse-answer.ts: phone, date). */
const COUNTRY_READERS = new Set<string>(['phone', 'date']);

function countryOf(phone: string): string | undefined {
  return parsePhoneNumberFromString(phone)?.country;
}

export async function answerQuestion(
  ctx: StepContext,
  node: FlowNode,
  data: QuestionData,
  message: InboundMessage,
): Promise<Outcome> {
  const wait = ctx.state.wait;
  if (wait?.kind !== 'question') return { kind: 'stay' };
  const options = optionsOf(data);
  const expect = expectOf(data);
  const parsed = parseAnswer(
    expect,
    { text: message.text, buttonId: message.buttonId },
    {
      options,
      pattern: data.pattern,
      // Only phone and date answers read the contact's country; parsing the contact's number
      // (libphonenumber's full metadata) for every other answer was ~1.5 % of the worker's CPU at
      // saturation (issue 21, seventh round).
      defaultCountry: COUNTRY_READERS.has(expect) ? countryOf(ctx.state.contact.phone) : undefined,
      today: ctx.now.slice(0, 10),
    },
  );
  if (!parsed.ok) {
    const attempts = wait.attempts + 1;
    if (attempts > data.retries) {
      ctx.cancelTimer(wait.timerId);
      return { kind: 'go', port: 'invalid' };
    }
    const invalidText = data.invalidText
      ? await ctx.interpolate(node.id, data.invalidText)
      : defaultInvalidText(expect, { options });
    ctx.send(node.id, { type: 'text', text: invalidText });
    await sendPrompt(ctx, node, data);
    return { kind: 'wait', wait: { ...wait, attempts } };
  }
  ctx.cancelTimer(wait.timerId);
  if (data.save) ctx.state.vars[data.save] = parsed.value;
  const chosen =
    message.buttonId && options.some((o) => o.id === message.buttonId) ? message.buttonId : undefined;
  const optionId = chosen ?? (expect === 'choice' ? String(parsed.value) : undefined);
  // The choice goes on the trace whichever port is taken: analytics count taps per button.
  const option = optionId && options.some((o) => o.id === optionId) ? { option: optionId } : {};
  if (optionId && ctx.hasEdge(node.id, `option:${optionId}`))
    return { kind: 'go', port: `option:${optionId}`, ...option };
  return { kind: 'go', port: 'answered', ...option };
}

/** The provider refused the prompt as outside the window: apply the closed-window rules once. */
export async function questionWindowClosed(
  ctx: StepContext,
  node: FlowNode,
  data: QuestionData,
): Promise<Outcome> {
  const wait = ctx.state.wait;
  if (wait?.kind !== 'question') return { kind: 'stay' };
  const result = await ctx.applyClosedWindow(node, data.fallbackTemplate);
  if (result === 'template') return { kind: 'wait', wait: { ...wait, phase: 'reengage' } };
  ctx.cancelTimer(wait.timerId);
  if (result === 'window_closed') return { kind: 'go', port: 'window_closed' };
  return { kind: 'fail', error: ctx.windowClosedError(node.id) };
}
