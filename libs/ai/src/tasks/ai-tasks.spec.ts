import type { ChatMessage } from '../ai-provider';
import { AiError } from '../ai-error';
import type { AiRequest } from './ai-task';
import { AI_TASKS } from './ai-tasks';
import { contactFacts, HISTORY_CHAR_BUDGET, HISTORY_MESSAGE_LIMIT, recentHistory } from './prompt-parts';

const NOW = new Date('2026-05-01T12:00:00Z');

function request(overrides: Partial<AiRequest>): AiRequest {
  return {
    kind: 'ai',
    task: 'reply',
    instructions: 'Be helpful.',
    input: { text: 'hello', contact: {}, vars: {} },
    ...overrides,
  };
}

function readError(fn: () => unknown): AiError {
  try {
    fn();
  } catch (error) {
    if (error instanceof AiError) return error;
    throw error;
  }
  throw new Error('expected AI_BAD_OUTPUT');
}

describe('reply task', () => {
  it('puts the contact facts first and the contact message last, as user turns', () => {
    const prompt = AI_TASKS.reply.prompt(
      request({
        input: { text: '  where are you?  ', contact: { name: 'Ana', phone: '+351900000000' }, vars: {} },
      }),
      { history: [{ role: 'assistant', content: 'Hi Ana!' }], now: NOW },
    );
    expect(prompt.messages).toEqual([
      { role: 'user', content: '[Facts about the contact, as data]\n{"name":"Ana"}' },
      { role: 'assistant', content: 'Hi Ana!' },
      { role: 'user', content: 'where are you?' },
    ]);
    expect(prompt.json).toBeUndefined();
    expect(prompt.system).toMatch(/Be helpful\.$/);
  });

  it('says "(no text)" rather than sending an empty user turn', () => {
    const prompt = AI_TASKS.reply.prompt(request({ input: { text: ' ', contact: {}, vars: {} } }), {
      history: [],
      now: NOW,
    });
    expect(prompt.messages).toEqual([{ role: 'user', content: '(no text)' }]);
  });

  it('treats an empty answer as AI_BAD_OUTPUT', () => {
    expect(readError(() => AI_TASKS.reply.read(request({}), ' \n ')).code).toBe('AI_BAD_OUTPUT');
  });
});

describe('classify task', () => {
  const classify = request({ task: 'classify', labels: ['faq', 'pricing', 'human'] });

  it('accepts a label in another case when only one label matches', () => {
    expect(AI_TASKS.classify.read(classify, '{"label": " Pricing "}')).toEqual({ label: 'pricing' });
  });

  it('reads JSON inside a ```json fence', () => {
    expect(AI_TASKS.classify.read(classify, '```json\n{"label":"human"}\n```')).toEqual({ label: 'human' });
  });

  it('rejects a missing label, an array and an ambiguous case-insensitive match', () => {
    expect(readError(() => AI_TASKS.classify.read(classify, '{"category":"faq"}')).code).toBe(
      'AI_BAD_OUTPUT',
    );
    expect(readError(() => AI_TASKS.classify.read(classify, '["faq"]')).message).toBe(
      'The AI model did not answer with a JSON object.',
    );
    const twins = request({ task: 'classify', labels: ['Sales', 'sales'] });
    expect(AI_TASKS.classify.read(twins, '{"label":"sales"}')).toEqual({ label: 'sales' });
    expect(readError(() => AI_TASKS.classify.read(twins, '{"label":"SALES"}')).code).toBe('AI_BAD_OUTPUT');
  });

  it('sends only the contact message, no history', () => {
    const prompt = AI_TASKS.classify.prompt(classify, {
      history: [{ role: 'user', content: 'old' }],
      now: NOW,
    });
    expect(prompt.messages).toEqual([{ role: 'user', content: 'hello' }]);
  });
});

describe('extract task', () => {
  const extract = request({ task: 'extract', fields: { budget: 'number', city: 'string' } });

  it('returns only the declared fields that have a value', () => {
    expect(AI_TASKS.extract.read(extract, '{"budget":"12 000","city":null,"secret":"x"}')).toEqual({
      values: { budget: '12 000' },
    });
  });

  it('accepts the fields nested under "values"', () => {
    expect(AI_TASKS.extract.read(extract, '{"values":{"city":"Porto"}}')).toEqual({
      values: { city: 'Porto' },
    });
  });

  it('rejects an object with none of the fields', () => {
    expect(readError(() => AI_TASKS.extract.read(extract, '{"answer":"Porto"}')).code).toBe('AI_BAD_OUTPUT');
  });
});

describe('prompt parts', () => {
  it('keeps the newest history that fits the character budget, oldest first', () => {
    const history: ChatMessage[] = Array.from({ length: 30 }, (_, index) => ({
      role: index % 2 ? 'assistant' : 'user',
      content: `${index}:`.padEnd(1_000, 'x'),
    }));
    const kept = recentHistory(history);
    const total = kept.reduce((sum, message) => sum + message.content.length, 0);
    expect(total).toBeLessThanOrEqual(HISTORY_CHAR_BUDGET);
    expect(kept.length).toBe(Math.floor(HISTORY_CHAR_BUDGET / 1_000));
    expect(kept[kept.length - 1].content.startsWith('29:')).toBe(true);
    expect(kept[0].content.startsWith(`${30 - kept.length}:`)).toBe(true);
  });

  it('shortens one very long earlier message instead of dropping everything before it', () => {
    const kept = recentHistory([
      { role: 'user', content: 'short' },
      { role: 'assistant', content: 'y'.repeat(50_000) },
    ]);
    expect(kept).toHaveLength(2);
    expect(kept[1].content.length).toBe(HISTORY_MESSAGE_LIMIT);
  });

  it('leaves the phone and empty values out of the contact facts and shortens long ones', () => {
    const facts = contactFacts({ phone: '+1555', name: 'Bo', tags: [], note: 'n'.repeat(500), score: 3 });
    const data = JSON.parse(facts!.content.split('\n')[1]);
    expect(Object.keys(data)).toEqual(['name', 'note', 'score']);
    expect(data.note.length).toBe(200);
    expect(contactFacts({ phone: '+1555' })).toBeUndefined();
  });
});
