/** A placeholder until the inbox lands (issue 17, item 2): the route and the navigation exist already. */
export function InboxPage() {
  return (
    <section className="page" aria-labelledby="inbox-title">
      <header className="page__header">
        <h1 id="inbox-title">Inbox</h1>
      </header>
      <p className="empty">Conversations with your contacts will appear here.</p>
    </section>
  );
}
