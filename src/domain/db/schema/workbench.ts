import { boolean, index, jsonb, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { users } from "./users";
import { timestamps } from "./timestamps";

export type DatasetColumn = { name: string; type: string };

/**
 * A workbench query saved as a dataset: its SQL (canonical, as the guard accepted it) and the
 * typed columns of its result. The rows are never stored: a dataset re-runs with the scope of
 * whoever uses it.
 */
export const workbenchDatasets = pgTable(
  "workbench_datasets",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    sql: text("sql").notNull(),
    columns: jsonb("columns").$type<DatasetColumn[]>().notNull(),
    ownerId: uuid("owner_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** Visible to every analyst (each still sees only their own scope's rows). */
    shared: boolean("shared").notNull().default(false),
    ...timestamps(),
  },
  (t) => [uniqueIndex("workbench_datasets_owner_name_idx").on(t.ownerId, t.name), index("workbench_datasets_shared_idx").on(t.shared)],
);
