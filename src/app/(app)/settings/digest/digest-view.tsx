"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useTRPC } from "~/trpc/react";

/** The weekly digest opt-in: Monday from 07:00 in the chosen time zone, by the chosen e-mail channel. */
export function DigestView() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const current = useQuery(trpc.digest.get.queryOptions());
  const channels = useQuery(trpc.digest.channels.queryOptions());
  const save = useMutation(trpc.digest.set.mutationOptions({ onSuccess: () => qc.invalidateQueries({ queryKey: trpc.digest.get.queryKey() }) }));
  const [timeZone, setTimeZone] = useState(Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC");
  const [channelId, setChannelId] = useState("");
  useEffect(() => {
    if (current.data) (setTimeZone(current.data.timeZone), setChannelId(current.data.channelId ?? ""));
  }, [current.data]);
  const mail = channels.data ?? [];
  return (
    <>
      <h1>Weekly digest</h1>
      <p className="muted">Every Monday morning: spend of the last week vs the week before, the top movers, anomalies and your open alerts, all within your billing scope.</p>
      {(save.error ?? current.error) && <p className="error" role="alert">{(save.error ?? current.error)!.message}</p>}
      <p role="status">{current.data ? `Subscribed (${current.data.timeZone})${current.data.lastSentWeek ? `, last sent ${current.data.lastSentWeek}` : ""}` : "Not subscribed"}</p>
      <form className="panel form" aria-label="Digest" onSubmit={(e) => { e.preventDefault(); save.mutate({ subscription: { timeZone, channelId: channelId || mail[0]?.id || "" } }); }}>
        <div className="row">
          <label>Time zone<input value={timeZone} onChange={(e) => setTimeZone(e.target.value)} /></label>
          <label>E-mail channel<select value={channelId || mail[0]?.id || ""} onChange={(e) => setChannelId(e.target.value)}>{mail.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}</select></label>
        </div>
        <button className="primary" type="submit">Subscribe</button>
        {current.data && <button type="button" onClick={() => save.mutate({ subscription: null })}>Unsubscribe</button>}
      </form>
    </>
  );
}
