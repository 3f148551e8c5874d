export function StatusBadge({ status }: { status: string }) {
  return <span className={`badge run-${status}`}>{status.replace("_", " ")}</span>;
}
