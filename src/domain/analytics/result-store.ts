/** Where dashboard query results are cached: in process (LRU) or Redis. */
export interface ResultStore {
  get(key: string): unknown | Promise<unknown>;
  set(key: string, value: unknown): void | Promise<void>;
  clear(): void | Promise<void>;
}
