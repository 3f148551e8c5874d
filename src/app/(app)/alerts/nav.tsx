import Link from "next/link";

/** The three alert pages link to each other. */
export function AlertsNav({ title }: { title: string }) {
  return (
    <div className="row">
      <h1>{title}</h1>
      <span className="spacer" />
      <Link href="/alerts">Alerts</Link>
      <Link href="/alerts/rules">Rules</Link>
      <Link href="/alerts/channels">Channels</Link>
    </div>
  );
}
