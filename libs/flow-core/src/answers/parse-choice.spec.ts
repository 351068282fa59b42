import { parseAnswer, type ChoiceOption, type ReplyInput } from './index';

const OPTIONS: ChoiceOption[] = [
  { id: 'yes', title: '👍 Yes, please' },
  { id: 'no', title: 'No' },
  { id: 'talk_to_sales', title: 'Falar com vendas', description: 'A person calls you' },
];
const choose = (input: ReplyInput, options = OPTIONS) => parseAnswer('choice', input, { options });

describe('choice answers', () => {
  it.each<[ReplyInput, string]>([
    [{ buttonId: 'no' }, 'no'],
    [{ buttonId: 'talk_to_sales', text: 'Falar com vendas' }, 'talk_to_sales'],
    // The tap wins over whatever text the channel sends with it.
    [{ buttonId: 'no', text: 'yes' }, 'no'],
    [{ text: 'yes please' }, 'yes'],
    [{ text: 'YES, PLEASE!' }, 'yes'],
    [{ text: '  👍yes   please 🙏 ' }, 'yes'],
    [{ text: 'no.' }, 'no'],
    [{ text: 'falar com VENDAS' }, 'talk_to_sales'],
    [{ text: 'talk_to_sales' }, 'talk_to_sales'],
    [{ text: 'talk to sales' }, 'talk_to_sales'],
    [{ text: 'Yes' }, 'yes'],
    [{ text: '2' }, 'no'],
    [{ text: '2.' }, 'no'],
    [{ text: '#2' }, 'no'],
    [{ text: '2)' }, 'no'],
    [{ text: '2️⃣' }, 'no'],
    [{ text: 'option 3' }, 'talk_to_sales'],
    [{ text: 'Opção 3' }, 'talk_to_sales'],
    [{ text: 'opción 1' }, 'yes'],
    [{ text: 'no. 1' }, 'yes'],
  ])('reads %j as %s', (input, expected) => {
    expect(choose(input)).toEqual({ ok: true, value: expected });
  });

  it('prefers a title over a position', () => {
    const counts = [
      { id: 'three', title: '3' },
      { id: 'two', title: '2' },
      { id: 'one', title: '1' },
    ];
    expect(choose({ text: '2' }, counts)).toEqual({ ok: true, value: 'two' });
    expect(choose({ text: '3' }, counts)).toEqual({ ok: true, value: 'three' });
  });

  it('matches ids with accents and case as typed by the author', () => {
    expect(choose({ text: 'sí' }, [{ id: 'Sí', title: 'Claro' }])).toEqual({ ok: true, value: 'Sí' });
  });

  it.each<[ReplyInput]>([
    [{ text: 'maybe' }],
    [{ text: 'yes no' }],
    [{ text: '4' }],
    [{ text: '0' }],
    [{ text: '1 2' }],
    [{ text: 'option' }],
    [{ text: '🙂' }],
    [{ buttonId: 'unknown' }],
    [{ buttonId: 'unknown', text: 'what?' }],
  ])('rejects %j', (input) => {
    expect(choose(input)).toMatchObject({ ok: false, reason: 'unknown_choice' });
  });

  it("falls back to the text when the tapped id is not an option (an old message's button)", () => {
    expect(choose({ buttonId: 'old_button', text: 'No' })).toEqual({ ok: true, value: 'no' });
  });

  it('rejects every reply when the question has no options', () => {
    expect(choose({ text: '1' }, [])).toMatchObject({ ok: false, reason: 'unknown_choice' });
    expect(parseAnswer('choice', { text: 'yes' })).toMatchObject({ ok: false, reason: 'unknown_choice' });
  });

  it('reports an empty reply as empty', () => {
    expect(choose({ text: '   ' })).toMatchObject({ ok: false, reason: 'empty' });
    expect(choose({})).toMatchObject({ ok: false, reason: 'empty' });
  });
});
