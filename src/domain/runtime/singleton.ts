/**
 * One instance per process, even when the same module is loaded twice (Next's bundle and the
 * worker loaded through tsx both import this code; two PGlite instances on one directory diverge).
 */
export function processSingleton<T>(key: string, create: () => T): T {
  const store = globalThis as unknown as Record<symbol, T | undefined>;
  const sym = Symbol.for(`abi.${key}`);
  store[sym] ??= create();
  return store[sym]!;
}

export function clearProcessSingleton(key: string): void {
  const store = globalThis as unknown as Record<symbol, unknown>;
  delete store[Symbol.for(`abi.${key}`)];
}
