/**
 * How long Azure asks us to wait, in ms: the largest of every retry-after style header it sent.
 * Cost Management throttling uses `x-ms-ratelimit-microsoft.costmanagement-{qpu,entity,tenant,
 * client}-retry-after` (seconds); ARM adds `Retry-After` (seconds or an HTTP date) and sometimes
 * `retry-after-ms` / `x-ms-retry-after-ms`. Returns undefined when none is present.
 */
export function retryAfterMs(headers: Headers, now: number = Date.now()): number | undefined {
  let best: number | undefined;
  const take = (ms: number) => {
    if (Number.isFinite(ms) && ms >= 0) best = best === undefined ? ms : Math.max(best, ms);
  };
  headers.forEach((value, name) => {
    const key = name.toLowerCase();
    if (key === "retry-after-ms" || key === "x-ms-retry-after-ms") {
      take(Number(value));
    } else if (key === "retry-after") {
      const seconds = Number(value);
      if (value.trim() !== "" && Number.isFinite(seconds)) take(seconds * 1000);
      else {
        const date = Date.parse(value);
        if (!Number.isNaN(date)) take(Math.max(0, date - now));
      }
    } else if (key.startsWith("x-ms-ratelimit-") && key.endsWith("-retry-after")) {
      take(Number(value) * 1000);
    }
  });
  return best;
}
