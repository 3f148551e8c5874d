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
