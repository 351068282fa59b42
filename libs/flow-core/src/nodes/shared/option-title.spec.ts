import { optionTitle } from './interactive.schema';

describe('optionTitle', () => {
  it("finds a button's or a list row's title by id, as a tap carries it", () => {
    const buttons = {
      buttons: [
        { id: 'yes', title: 'Yes please' },
        { id: 'no', title: 'No' },
      ],
    };
    const list = {
      list: { button: 'Pick', sections: [{ title: 'Sizes', rows: [{ id: 'l', title: 'Large' }] }] },
    };
    expect(optionTitle(buttons, 'no')).toBe('No');
    expect(optionTitle(list, 'l')).toBe('Large');
  });

  it('gives nothing for an unknown id or a node without choices', () => {
    expect(optionTitle({ buttons: [{ id: 'yes', title: 'Yes' }] }, 'maybe')).toBeUndefined();
    expect(optionTitle({ text: 'Hello' }, 'yes')).toBeUndefined();
    expect(optionTitle(undefined, 'yes')).toBeUndefined();
  });
});
