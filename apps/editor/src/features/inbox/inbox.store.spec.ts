import type { InboxConversation } from './inbox-api';
import { inbox, inboxStore } from './inbox.store';

type Page = { data: InboxConversation[]; nextCursor: string | null };

const row = (id: string) => ({ id }) as unknown as InboxConversation;
const ids = () => inboxStore.getState().list.data?.map((conversation) => conversation.id);

/** Answers to inbox.list held until the test releases them, in the order it chooses. */
function heldLists() {
  const held: Array<{ args: unknown[]; answer(page: Page): void }> = [];
  jest.spyOn(inbox, 'list').mockImplementation(
    (...args: unknown[]) =>
      new Promise<Page>((resolve) => {
        held.push({ args, answer: resolve });
      }) as ReturnType<typeof inbox.list>,
  );
  return held;
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('the inbox list', () => {
  afterEach(() => {
    jest.restoreAllMocks();
    inboxStore.getState().reset();
  });

  it('drops older conversations asked for under a filter the person has since left', async () => {
    const held = heldLists();
    void inboxStore.getState().loadList();
    held[0].answer({ data: [row('a1'), row('a2')], nextCursor: 'all-2' });
    await settle();

    // "Show older conversations", then another filter before the older page comes back.
    const more = inboxStore.getState().loadMore();
    inboxStore.getState().setFilter('mine');
    expect(held.map((call) => call.args)).toEqual([
      ['all', ''],
      ['all', '', 'all-2'],
      ['mine', ''],
    ]);
    held[2].answer({ data: [row('m1')], nextCursor: null });
    await settle();
    held[1].answer({ data: [row('a3')], nextCursor: null });
    await more;

    expect(ids()).toEqual(['m1']);
    expect(inboxStore.getState().list.nextCursor).toBeNull();
  });

  it('appends an older page once, however many times the button was pressed', async () => {
    const held = heldLists();
    void inboxStore.getState().loadList();
    held[0].answer({ data: [row('a1')], nextCursor: 'c2' });
    await settle();

    const first = inboxStore.getState().loadMore();
    const second = inboxStore.getState().loadMore();
    held[1].answer({ data: [row('a2')], nextCursor: 'c3' });
    held[2].answer({ data: [row('a2')], nextCursor: 'c3' });
    await Promise.all([first, second]);

    expect(ids()).toEqual(['a1', 'a2']);
    expect(inboxStore.getState().list.nextCursor).toBe('c3');
  });

  it('shows nothing a request of the signed-out person brings back', async () => {
    const held = heldLists();
    void inboxStore.getState().loadList();
    inboxStore.getState().reset();
    held[0].answer({ data: [row('theirs')], nextCursor: null });
    await settle();

    expect(inboxStore.getState().list.data).toBeNull();
  });
});
