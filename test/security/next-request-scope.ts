import { AsyncLocalStorage } from "node:async_hooks";
import { createRequire } from "node:module";

/**
 * Runs a route handler the way Next.js does for one request: inside Next's work store and
 * request store, so `headers()` / `cookies()` (next-auth's getServerSession) read this
 * request's cookie. Built with Next's own store factories; nothing of ours is replaced.
 * Import this module before any next/* module (it sets the global Next's stores are made from).
 */
const require = createRequire(import.meta.url);
// What Next's own server sets up at start (next/dist/server/node-environment) before any route runs.
(globalThis as { AsyncLocalStorage?: unknown }).AsyncLocalStorage ??= AsyncLocalStorage;

type Storage = { run<T>(store: unknown, fn: () => T): T };
const { workUnitAsyncStorage } = require("next/dist/server/app-render/work-unit-async-storage.external") as { workUnitAsyncStorage: Storage };
const { workAsyncStorage } = require("next/dist/server/app-render/work-async-storage.external") as { workAsyncStorage: Storage };
const { createRequestStoreForAPI } = require("next/dist/server/async-storage/request-store") as {
  createRequestStoreForAPI: (req: { headers: Headers }, url: URL, implicitTags: unknown, onUpdateCookies: unknown, previewProps: unknown) => unknown;
};
const { createWorkStore } = require("next/dist/server/async-storage/work-store") as { createWorkStore: (context: unknown) => unknown };

export function inRequestScope<T>(req: Request, handler: () => Promise<T>): Promise<T> {
  const url = new URL(req.url);
  const work = createWorkStore({
    page: `${url.pathname}/route`,
    renderOpts: { experimental: {}, isDraftMode: false },
    isPrefetchRequest: false,
    buildId: "test",
    previouslyRevalidatedTags: [],
  });
  const request = createRequestStoreForAPI({ headers: req.headers }, url, undefined, undefined, undefined);
  return workAsyncStorage.run(work, () => workUnitAsyncStorage.run(request, handler));
}
