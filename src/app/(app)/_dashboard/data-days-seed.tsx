"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "~/trpc/react";

/**
 * Puts the server-read data range into the query cache before any dashboard reads it, so pages
 * start their data query on first render instead of after a costs.dataDays round trip.
 */
export function DataDaysSeed({ value, children }: { value: { first: string; last: string } | null | undefined; children: React.ReactNode }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  // once per mount, during render: children rendered below already find the data in the cache
  useState(() => {
    const key = trpc.costs.dataDays.queryKey();
    if (value !== undefined && queryClient.getQueryData(key) === undefined) queryClient.setQueryData(key, value);
    return true;
  });
  return <>{children}</>;
}
