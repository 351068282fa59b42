import { queryFromSegment, segmentFromQuery } from './contact-segments';

const STAGES = [
  { id: 'st-1', name: 'Qualified' },
  { id: 'st-2', name: 'Won' },
];

describe("the Contacts screen's filters as a segment", () => {
  it('saves every filter in use as "all of" its conditions, leaving the search text out', () => {
    const saved = segmentFromQuery(
      {
        q: 'ana',
        tag: 'vip',
        stage: 'st-1',
        optIn: 'opted_in',
        lastMessage: '7d',
        field: 'city',
        value: 'Porto',
      },
      STAGES,
    );
    expect(saved).toEqual({
      filter: {
        all: [
          { kind: 'tag', op: 'has', tag: 'vip' },
          { kind: 'stage', op: 'is', stage: 'Qualified' },
          { kind: 'opt_in', state: 'opted_in' },
          { kind: 'last_inbound', op: 'within', days: 7 },
          { kind: 'field', key: 'city', op: 'equals', value: 'Porto' },
        ],
      },
      leftOut: ['the search text'],
    });
    expect(segmentFromQuery({ stage: 'none', field: 'roof', lastMessage: 'older' }, STAGES).filter).toEqual({
      all: [
        { kind: 'stage', op: 'none' },
        { kind: 'last_inbound', op: 'before', days: 30 },
        { kind: 'field', key: 'roof', op: 'exists' },
      ],
    });
  });

  it('turns a segment saved here back into the same filters', () => {
    for (const query of [
      { tag: 'vip', stage: 'st-2', optIn: 'opted_out' as const, lastMessage: 'never' as const },
      { stage: 'none', field: 'city', value: 'Lisbon', lastMessage: '24h' as const },
    ]) {
      expect(queryFromSegment(segmentFromQuery(query, STAGES).filter, STAGES)).toEqual(query);
    }
    // Stage names match in any case, as in campaigns' counts.
    expect(queryFromSegment({ all: [{ kind: 'stage', op: 'is', stage: 'won' }] }, STAGES)).toEqual({
      stage: 'st-2',
    });
  });

  it('says when a segment cannot be shown as the filters (any/not, two tags, an unknown stage)', () => {
    expect(queryFromSegment({ any: [{ kind: 'tag', op: 'has', tag: 'a' }] }, STAGES)).toBeNull();
    expect(
      queryFromSegment(
        {
          all: [
            { kind: 'tag', op: 'has', tag: 'a' },
            { kind: 'tag', op: 'has', tag: 'b' },
          ],
        },
        STAGES,
      ),
    ).toBeNull();
    expect(queryFromSegment({ all: [{ kind: 'stage', op: 'is', stage: 'Gone' }] }, STAGES)).toBeNull();
    expect(queryFromSegment({ all: [{ kind: 'tag', op: 'lacks', tag: 'a' }] }, STAGES)).toBeNull();
    expect(queryFromSegment({ all: [{ kind: 'last_inbound', op: 'within', days: 3 }] }, STAGES)).toBeNull();
  });
});
