"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useState } from "react";
import { useTRPC } from "~/trpc/react";

/** Save the page's URL state under a name (PostgreSQL) and restore it. */
export function SavedViews() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const page = usePathname();
  const sp = useSearchParams();
  const router = useRouter();
  const list = useQuery(trpc.savedViews.list.queryOptions({ page }));
  const invalidate = () => qc.invalidateQueries({ queryKey: trpc.savedViews.list.queryKey({ page }) });
  const save = useMutation(trpc.savedViews.save.mutationOptions({ onSuccess: invalidate }));
  const remove = useMutation(trpc.savedViews.remove.mutationOptions({ onSuccess: invalidate }));
  const [name, setName] = useState("");
  const [selected, setSelected] = useState("");
  return (
    <div className="row saved-views">
      <label className="inline">
        Saved view
        <select
          value={selected}
          onChange={(e) => {
            setSelected(e.target.value);
            const v = list.data?.find((x) => x.id === e.target.value);
            if (v) router.replace(v.query ? `${page}?${v.query}` : page, { scroll: false });
          }}
        >
          <option value="">{list.data?.length ? "Choose…" : "none saved"}</option>
          {list.data?.map((v) => (
            <option key={v.id} value={v.id}>{v.name}</option>
          ))}
        </select>
      </label>
      {selected && (
        <button type="button" className="small" onClick={() => remove.mutate({ id: selected }, { onSuccess: () => setSelected("") })}>
          Delete view
        </button>
      )}
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate({ page, name, query: sp.toString() }, { onSuccess: (v) => (setName(""), setSelected(v?.id ?? "")) });
        }}
      >
        <input aria-label="Name of the view to save" placeholder="Name this view" value={name} onChange={(e) => setName(e.target.value)} required maxLength={120} />
        <button type="submit" className="small" disabled={save.isPending}>Save view</button>
      </form>
      {(save.error ?? remove.error) && <span className="error" role="alert">{(save.error ?? remove.error)?.message}</span>}
    </div>
  );
}
