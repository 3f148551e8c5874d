import type { Runtime } from "../runtime";

/** Progress of long work, as rows (or bytes) done out of a total. */
export type Progress = { step: string; done: number; total: number; unit?: "rows" | "bytes" };
export type ProgressSink = (p: Progress) => void;

/**
 * A command runs the same way in the CLI's own process or, when an embedded app owns the data
 * directory, inside the app (see the local bridge); its result is plain JSON either way.
 */
export type Command<Args, Result> = {
  name: string;
  run: (rt: Runtime, args: Args, progress: ProgressSink) => Promise<Result>;
};
