// One headline number with its comparison to the day before.
export function StatCard(props: {
  label: string;
  value: string;
  change?: string | null;
  testId: string;
  title?: string;
}) {
  return (
    <div className="stat-card" data-testid={props.testId} title={props.title}>
      <div className="stat-label">{props.label}</div>
      <div className="stat-value">{props.value}</div>
      {props.change ? (
        <div className="stat-change">{props.change} vs yesterday</div>
      ) : (
        <div className="stat-change">&nbsp;</div>
      )}
    </div>
  );
}
