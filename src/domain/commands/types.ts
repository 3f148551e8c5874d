import type { Runtime } from "../runtime";

/** Progress of long work: the one shape workflows heartbeat and the CLI draws (workflows/progress.ts). */
export type { WorkProgress as Progress } from "../workflows/progress";
import type { WorkProgress as Progress } from "../workflows/progress";
export type ProgressSink = (p: Progress) => void;

/**
 * A command runs the same way in the CLI's own process or, when an embedded app owns the data
 * directory, inside the app (see the local bridge); its result is plain JSON either way.
 */
export type Command<Args, Result> = {
  name: string;
  run: (rt: Runtime, args: Args, progress: ProgressSink) => Promise<Result>;
};
