import { z } from 'zod';
import { durationSchema, parseDuration } from '../../flow/duration';
import { lintWaitLength } from '../shared/wait-length';
import { defineNode } from '../node-definition';
import { PORT_WORDS, sharedPort } from '../shared/port-words';

export const waitDataSchema = z.strictObject({
  duration: durationSchema,
  interruptOnReply: z
    .boolean()
    .default(false)
    .describe(
      'Stop waiting as soon as the contact replies: the step then leaves by "replied" (connect it, or the conversation ends there without a word). Off: replies are noted and the wait goes on.',
    ),
  label: z.string().optional(),
});

export const waitNode = defineNode({
  type: 'wait',
  version: 1,
  label: 'Wait',
  description: 'Waits for a time (minutes to days); optionally stops waiting when the contact replies.',
  icon: '⏳',
  category: 'logic',
  dataSchema: waitDataSchema,
  defaults: { duration: '1d', interruptOnReply: true },
  waits: true,
  lint: (data) => lintWaitLength(data.duration, 'duration'),
  ports: (data) => [
    sharedPort('elapsed'),
    ...(data.interruptOnReply
      ? [sharedPort('replied', { deadEnd: { describe: `${PORT_WORDS.replied} while waiting` } })]
      : []),
  ],
  timing: {
    portDelay: (data, port) =>
      port === 'replied'
        ? { reset: true }
        : port === 'elapsed'
          ? { addMs: parseDuration(data.duration) ?? 0 }
          : {},
  },
  summary: (data) => ({
    text: `Waits ${data.duration}${data.interruptOnReply ? ', or until they reply' : ''}`,
  }),
  runtime: {
    async enter(ctx, node, data) {
      const timerId = ctx.startTimer(node.id, parseDuration(data.duration) ?? 0);
      return {
        kind: 'wait',
        wait: { kind: 'wait', nodeId: node.id, timerId, interruptOnReply: data.interruptOnReply },
      };
    },
    async onInbound(ctx) {
      const wait = ctx.state.wait;
      if (wait?.kind !== 'wait' || !wait.interruptOnReply) return { kind: 'stay' };
      ctx.cancelTimer(wait.timerId);
      return { kind: 'go', port: 'replied' };
    },
    async onTimer(ctx, _node, _data, timerId) {
      if (ctx.state.wait?.kind !== 'wait' || ctx.state.wait.timerId !== timerId) return { kind: 'stay' };
      return { kind: 'go', port: 'elapsed' };
    },
  },
});
