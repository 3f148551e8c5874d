import type { Progress } from "../domain/commands";

/** A one-line progress bar on a terminal; nothing when stderr is not a TTY or --json is set. */
export function progressBar(enabled: boolean) {
  const tty = enabled && process.stderr.isTTY;
  let last = "";
  return {
    update(p: Progress) {
      if (!tty || p.total <= 0) return;
      const ratio = Math.min(1, p.done / p.total);
      const width = 30;
      const filled = Math.round(ratio * width);
      const line = `[${"#".repeat(filled)}${".".repeat(width - filled)}] ${String(Math.round(ratio * 100)).padStart(3)}% ${p.step} ${p.done.toLocaleString("en-US")}/${p.total.toLocaleString("en-US")} ${p.unit ?? ""}`;
      if (line !== last) process.stderr.write(`\r${line}`);
      last = line;
    },
    done() {
      if (tty && last) process.stderr.write("\n");
    },
  };
}
