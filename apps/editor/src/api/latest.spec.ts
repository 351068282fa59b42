import { latestRequest } from './latest';

describe('latestRequest', () => {
  it('answers true only for the request started last, whatever order the answers come in', () => {
    const latest = latestRequest();
    const first = latest.start();
    const second = latest.start();
    expect(second()).toBe(true);
    expect(first()).toBe(false);
    const third = latest.start();
    expect(second()).toBe(false);
    expect(third()).toBe(true);
  });

  it('drop() makes every request in flight stale, and a later start is the latest again', () => {
    const latest = latestRequest();
    const before = latest.start();
    latest.drop();
    expect(before()).toBe(false);
    const after = latest.start();
    expect(after()).toBe(true);
  });

  it('watch() follows the latest request without replacing it: stale once another starts', () => {
    const latest = latestRequest();
    const listing = latest.start();
    const older = latest.watch();
    expect(listing()).toBe(true);
    expect(older()).toBe(true);
    latest.start();
    expect(older()).toBe(false);
    const again = latest.watch();
    latest.drop();
    expect(again()).toBe(false);
  });

  it('keeps separate views apart: a request of one never makes another one stale', () => {
    const list = latestRequest();
    const detail = latestRequest();
    const listing = list.start();
    const opening = detail.start();
    detail.start();
    expect(listing()).toBe(true);
    expect(opening()).toBe(false);
  });
});
