/** Errors leave the CLI as one readable line and a non-zero exit code. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = "CliError";
  }
}

export function failLine(err: unknown): string {
  if (err instanceof Error) {
    const first = err.message.split("\n")[0]!.trim();
    return `abi: ${first || err.name}`;
  }
  return `abi: ${String(err)}`;
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}
