/**
 * Tag-key normalisation: admin-defined aliases (tag_key_aliases) make `costcenter`,
 * `cost-center` and `CostCenter` one key. The map is held per process (loaded from PostgreSQL
 * by the server before each analytics call, see loadTagAliases) and reaches the SQL only as two
 * bound arrays: lower-case spellings and the canonical key each stands for.
 */
export type TagAliasMap = { from: string[]; to: string[] };

export const NO_ALIASES: TagAliasMap = { from: [], to: [] };
let current: TagAliasMap = NO_ALIASES;

/**
 * Builds the bound arrays from alias rows: each alias and each canonical key's own lower-case
 * spelling map to the canonical key (so `COSTCENTER` also reads as `CostCenter`).
 */
export function aliasMap(rows: { alias: string; key: string }[]): TagAliasMap {
  const m = new Map<string, string>();
  for (const r of rows) m.set(r.key.toLowerCase(), r.key);
  for (const r of rows) m.set(r.alias.toLowerCase(), r.key);
  const from = [...m.keys()].sort();
  return { from, to: from.map((k) => m.get(k)!) };
}

export function setTagAliases(map: TagAliasMap): void {
  current = map;
}

export function tagAliases(): TagAliasMap {
  return current;
}

/** The canonical spelling of a key (what the UI shows and stores). */
export function normaliseTagKey(key: string, map: TagAliasMap = current): string {
  const i = map.from.indexOf(key.toLowerCase());
  return i < 0 ? key : map.to[i]!;
}
