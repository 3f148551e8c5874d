/**
 * One reading in flight per name, shared by every caller that asks while it runs (the statements of
 * a request start together). `forgetInFlight` drops it when the data changes: later callers then start
 * a new reading, and the old one's `isCurrent()` turns false so it does not memoise a stale answer.
 */
const KEY = Symbol.for("abi.analytics.inFlight");

function readings(): Map<string, Promise<unknown>> {
  const g = globalThis as unknown as Record<symbol, Map<string, Promise<unknown>> | undefined>;
  return (g[KEY] ??= new Map());
}

export function shareInFlight<T>(name: string, start: (isCurrent: () => boolean) => Promise<T>): Promise<T> {
  const table = readings();
  const pending = table.get(name) as Promise<T> | undefined;
  if (pending) return pending;
  const isCurrent = () => table.get(name) === reading;
  const reading: Promise<T> = start(isCurrent).finally(() => {
    if (isCurrent()) table.delete(name);
  });
  table.set(name, reading);
  return reading;
}

export function forgetInFlight(name: string): void {
  readings().delete(name);
}
