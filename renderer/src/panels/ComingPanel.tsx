// A panel whose feature has not landed yet: says what it will show, so the navigation is honest.
import { EmptyState } from '../components/EmptyState';

export function ComingPanel({ title, description }: { title: string; description: string }) {
  return (
    <section className="panel">
      <header className="panel-header">
        <h1>{title}</h1>
      </header>
      <EmptyState title="Not built yet">
        <p>{description}</p>
      </EmptyState>
    </section>
  );
}
