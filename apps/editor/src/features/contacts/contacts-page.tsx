export function ContactsPage() {
  return (
    <section className="page">
      <h1>Contacts</h1>
    </section>
  );
}
