export function PipelinePage() {
  return (
    <section className="page">
      <h1>Pipeline</h1>
    </section>
  );
}
