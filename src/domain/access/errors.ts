/** A refused access-control change or lookup, with a message for the person who asked. */
export class AccessError extends Error {
  constructor(
    readonly code: "UNAUTHORIZED" | "FORBIDDEN" | "BAD_REQUEST" | "NOT_FOUND" | "CONFLICT",
    message: string,
  ) {
    super(message);
    this.name = "AccessError";
  }
}
