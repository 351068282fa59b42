import { z } from 'zod';
import { durationSchema, parseDuration } from '../../flow/duration';
import { ui } from '../../flow/ui-hints';
import { templateRefSchema } from '../../flow/template-ref.schema';
import { patternProblem } from '../../patterns/pattern';
import { lintWaitLength } from '../shared/wait-length';
import { defineNode, type PortSpec } from '../node-definition';
import { buttonSchema, listSchema, optionsOf, variableNameSchema } from '../shared/interactive.schema';
import { contentExpressions } from '../shared/build-message';
import {
  bodyLimit,
  LIMITS,
  lintButtons,
  lintList,
  lintTemplate,
  lintText,
  templateExpressions,
} from '../shared/whatsapp-limits';
import {
  askQuestion,
  answerQuestion,
  reaskAfterReengagement,
  questionWindowClosed,
} from './question.runtime';
import { PORT_WORDS, sharedPort } from '../shared/port-words';
import { oneLine } from '../shared/summary';
import { expectOf } from './question.runtime';

export { expectOf } from './question.runtime';

/** The answer a question expects, in the words its card shows. */
const EXPECTS: Record<ReturnType<typeof expectOf>, string> = {
  text: 'Expects any text',
  number: 'Expects a number',
  email: 'Expects an email address',
  phone: 'Expects a phone number',
  date: 'Expects a date',
  choice: 'Expects one of the choices',
  regex: 'Expects an answer in a set format',
};

export const questionDataSchema = z
  .strictObject({
    text: z
      .string()
      .min(1)
      .meta(ui({ widget: 'body' })),
    buttons: z
      .array(buttonSchema)
      .min(1)
      .meta(ui({ maxCount: LIMITS.buttons }))
      .optional(),
    list: listSchema.optional(),
    save: variableNameSchema.optional(),
    expect: z.enum(['text', 'number', 'email', 'phone', 'date', 'choice', 'regex']).optional(),
    pattern: z.string().optional(),
    retries: z.number().int().min(0).max(10).default(2),
    invalidText: z
      .string()
      .min(1)
      .meta(ui({ widget: 'prose' }))
      .optional(),
    timeout: durationSchema.optional(),
    fallbackTemplate: templateRefSchema.optional(),
    label: z.string().optional(),
  })
  .superRefine((data, ctx) => {
    if (data.buttons && data.list)
      ctx.addIssue({ code: 'custom', path: ['list'], message: 'use either buttons or a list, not both' });
    if (data.expect === 'regex' && !data.pattern) {
      ctx.addIssue({ code: 'custom', path: ['pattern'], message: 'expect "regex" needs a pattern' });
    }
    if (data.expect === 'choice' && !data.buttons && !data.list) {
      ctx.addIssue({ code: 'custom', path: ['expect'], message: 'expect "choice" needs buttons or a list' });
    }
  });

export type QuestionData = z.output<typeof questionDataSchema>;

export const questionNode = defineNode({
  type: 'question',
  version: 1,
  label: 'Question',
  description: 'Asks something, checks the answer, saves it in a variable and waits for the contact.',
  icon: '❓',
  category: 'messaging',
  dataSchema: questionDataSchema,
  // No `expect`: a question expects text, or a choice once it has buttons or a list (expectOf). It
  // saves to `answer`, not `name`: a new question must not overwrite what another one saved.
  defaults: { text: 'What is your name?', save: 'answer' },
  waits: true,
  ports: (data) => {
    const ports: PortSpec[] = [
      sharedPort('answered'),
      ...optionsOf(data).map((option) => ({ id: `option:${option.id}`, label: option.title })),
      sharedPort('invalid', { deadEnd: { describe: PORT_WORDS.invalid } }),
      // Without a timeout the port is never taken: nothing to warn about.
      sharedPort('timeout', data.timeout ? { deadEnd: { describe: `${PORT_WORDS.timeout} in time` } } : {}),
      sharedPort('window_closed', { kind: 'window_closed' }),
    ];
    return ports;
  },
  expressions: (data) => [
    ...contentExpressions(data),
    ...(data.invalidText
      ? [{ path: 'invalidText', kind: 'template' as const, source: data.invalidText }]
      : []),
    ...templateExpressions(data.fallbackTemplate, 'fallbackTemplate'),
  ],
  lint: (data) => {
    const issues = [
      ...lintText(data.text, bodyLimit(data)),
      ...(data.buttons ? lintButtons(data.buttons) : []),
      ...(data.list ? lintList(data.list) : []),
      ...lintTemplate(data.fallbackTemplate, 'fallbackTemplate'),
    ];
    issues.push(...lintWaitLength(data.timeout, 'timeout'));
    const problem = data.pattern === undefined ? undefined : patternProblem(data.pattern);
    if (problem) {
      issues.push({
        code: 'PATTERN',
        severity: 'error',
        path: 'pattern',
        message: `The answer pattern cannot be used: ${problem}`,
      });
    }
    return issues;
  },
  timing: {
    sendsSession: () => true,
    hasFallback: (data) => Boolean(data.fallbackTemplate),
    portDelay: (data, port) => {
      // The contact answered (validly, invalidly or by a tap): the window just reopened.
      if (port === 'answered' || port === 'invalid' || port.startsWith('option:')) return { reset: true };
      if (port === 'timeout') return { addMs: parseDuration(data.timeout ?? '') ?? 0 };
      return {};
    },
  },
  summary: (data) => ({
    text: oneLine(data.text) ?? '',
    ...(optionsOf(data).length ? { chips: optionsOf(data).map((option) => option.title) } : {}),
    expects: EXPECTS[expectOf(data)],
  }),
  runtime: {
    enter: (ctx, node, data) => askQuestion(ctx, node, data),
    onInbound: (ctx, node, data, message) =>
      ctx.state.wait?.kind === 'question' && ctx.state.wait.phase === 'reengage'
        ? reaskAfterReengagement(ctx, node, data)
        : answerQuestion(ctx, node, data, message),
    onTimer: async (ctx, _node, _data, timerId) => {
      if (ctx.state.wait?.kind !== 'question' || ctx.state.wait.timerId !== timerId) return { kind: 'stay' };
      return { kind: 'go', port: 'timeout' };
    },
    onWindowClosed: (ctx, node, data) => questionWindowClosed(ctx, node, data),
  },
});
