import { z } from "zod";

/** A data source's name, as typed in the console or given to `abi ingest --source` / `abi export --source`. */
export const sourceNameSchema = z
  .string()
  .trim()
  .min(1, "Give the source a name")
  .max(120, "Names are at most 120 characters")
  .regex(/^[^\u0000-\u001f]+$/, "Names cannot contain control characters");
