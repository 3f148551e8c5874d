/**
 * A capability whose code is loaded with import() on its first call, so loading the registry
 * (every page, the CLI, the worker) does not load each plugin's cloud clients.
 */
export function lazyCapability<A extends unknown[], R>(load: () => Promise<(...args: A) => Promise<R>>): (...args: A) => Promise<R> {
  let loaded: Promise<(...args: A) => Promise<R>> | undefined;
  return async (...args: A) => (await (loaded ??= load()))(...args);
}
