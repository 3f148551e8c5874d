/** A request the analytics layer refuses (unknown column, bad range); the message is for people. */
export class AnalyticsInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "AnalyticsInputError";
  }
}
