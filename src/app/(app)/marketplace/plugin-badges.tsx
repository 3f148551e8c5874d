/** installed / enabled / disabled / update available, as the catalogue and the plugin page show them. */
export function PluginBadges({ p }: { p: { installedVersion: string | null; enabled: boolean; updateAvailable: string | null } }) {
  if (!p.installedVersion) return <span className="badge">not installed</span>;
  return (
    <>
      <span className="badge run-completed">installed {p.installedVersion}</span>{" "}
      {p.enabled ? <span className="badge run-completed">enabled</span> : <span className="badge run-cancelled">disabled</span>}{" "}
      {p.updateAvailable && <span className="badge run-running">update available: {p.updateAvailable}</span>}
    </>
  );
}
