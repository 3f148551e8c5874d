/** The steps of a connection test, each with its outcome, message and time. */
export function ConnectionSteps({ steps }: { steps: { step: string; ok: boolean; message: string; latencyMs: number }[] }) {
  return (
    <table aria-label="Connection steps">
      <thead><tr><th>Step</th><th>Result</th><th>Message</th><th className="num">Took</th></tr></thead>
      <tbody>
        {steps.map((s, i) => (
          <tr key={i}>
            <td>{s.step}</td>
            <td><span className={`badge run-${s.ok ? "completed" : "failed"}`}>{s.ok ? "ok" : "failed"}</span></td>
            <td>{s.message}</td>
            <td className="num">{s.latencyMs} ms</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
