import { tallyDeliveries } from './delivery-ledger';

const expected = new Map([
  ['+1', ['hello', 'bye']],
  ['+2', ['hello', 'bye']],
]);

describe('tallyDeliveries', () => {
  it('counts a clean run as all delivered, none lost or duplicated', () => {
    const tally = tallyDeliveries(expected, [
      { to: '+1', key: 'a', text: 'hello' },
      { to: '+2', key: 'c', text: 'hello' },
      { to: '+1', key: 'b', text: 'bye' },
      { to: '+2', key: 'd', text: 'bye' },
    ]);
    expect(tally).toEqual({ expected: 4, delivered: 4, lost: 0, duplicated: 0, wrongTranscripts: [] });
  });

  it('counts a key accepted twice as a duplicate and a missing message as lost', () => {
    const tally = tallyDeliveries(expected, [
      { to: '+1', key: 'a', text: 'hello' },
      { to: '+1', key: 'a', text: 'hello' },
      { to: '+1', key: 'b', text: 'bye' },
      { to: '+2', key: 'c', text: 'hello' },
    ]);
    expect(tally).toMatchObject({ delivered: 3, lost: 1, duplicated: 1 });
  });

  it('counts a re-send under a new key and messages to strangers as duplicates', () => {
    const tally = tallyDeliveries(expected, [
      { to: '+1', key: 'a', text: 'hello' },
      { to: '+1', key: 'a2', text: 'hello' },
      { to: '+1', key: 'b', text: 'bye' },
      { to: '+9', key: 'z', text: 'hello' },
    ]);
    expect(tally).toMatchObject({ delivered: 2, lost: 2, duplicated: 2 });
  });

  it('names contacts whose messages arrived in another order or with other texts', () => {
    const tally = tallyDeliveries(expected, [
      { to: '+1', key: 'b', text: 'bye' },
      { to: '+1', key: 'a', text: 'hello' },
      { to: '+2', key: 'c', text: 'hello' },
      { to: '+2', key: 'd', text: 'bye' },
    ]);
    expect(tally.wrongTranscripts).toEqual(['+1']);
  });
});
