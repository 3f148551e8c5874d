/**
 * One instance per process, even when the same module is loaded twice (Next's bundle and the
 * worker loaded through tsx both import this code; two PGlite instances on one directory diverge).
 */
const store = globalThis as unknown as Record<symbol, unknown>;
const keyOf = (key: string) => Symbol.for(`abi.${key}`);

export function processSingleton<T>(key: string, create: () => T): T {
  const sym = keyOf(key);
  if (!(sym in store) || store[sym] === undefined) store[sym] = create();
  return store[sym] as T;
}

export function clearProcessSingleton(key: string): void {
  delete store[keyOf(key)];
}

/** Removes the instance and returns it, so the caller can close it. */
export function takeProcessSingleton<T>(key: string): T | undefined {
  const value = store[keyOf(key)] as T | undefined;
  delete store[keyOf(key)];
  return value;
}
