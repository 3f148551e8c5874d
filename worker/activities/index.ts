import type { Runtime } from "../../src/domain/runtime";
import { createSelfCheckActivities } from "./self-check";

/** Activities get their collaborators from here, so tests can hand in another runtime. */
export function createActivities(rt: Runtime) {
  return {
    ...createSelfCheckActivities(rt),
  };
}

export type Activities = ReturnType<typeof createActivities>;
