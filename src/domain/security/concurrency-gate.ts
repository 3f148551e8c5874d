export class GateFull extends Error {
  constructor(readonly running: number, readonly waiting: number) {
    super(`${running} running and ${waiting} waiting already`);
    this.name = "GateFull";
  }
}

/**
 * At most `limit` tasks at once, at most `queue` more waiting their turn (first come, first
 * served); beyond that `run` refuses at once with GateFull rather than piling up work.
 */
export class ConcurrencyGate {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    readonly limit: number,
    readonly queue: number,
  ) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.limit) {
      if (this.waiting.length >= this.queue) throw new GateFull(this.running, this.waiting.length);
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.running++;
    }
    try {
      return await task();
    } finally {
      // hand the slot straight to the next in line, or free it
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}
