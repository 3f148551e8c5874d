"use client";

/**
 * Wrapper of every chart: an accessible name (role="img" + aria-label, the data summary for
 * screen readers) and a visible caption. Data tables next to the charts carry the numbers.
 */
export function ChartFigure({ title, summary, children, actions, testId }: {
  title: string;
  summary: string;
  children: React.ReactNode;
  actions?: React.ReactNode;
  testId?: string;
}) {
  return (
    <figure className="panel chart" data-testid={testId}>
      <figcaption className="row">
        <strong>{title}</strong>
        <span className="spacer" />
        {actions}
      </figcaption>
      <div role="img" aria-label={`${title}. ${summary}`}>
        {children}
      </div>
    </figure>
  );
}
