/**
 * Peak resident memory of this process (chDB runs inside it, so this includes the engine):
 * the kernel's high-water mark (VmHWM, reset at start() where the kernel allows it) and a
 * 50 ms sampler of process.memoryUsage().rss as a cross-check.
 */
import fs from "node:fs";

function vmHwmMb(): number | undefined {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync("/proc/self/status", "utf8"));
    return m ? Number(m[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

export function startPeakRss() {
  let hwmReset = false;
  try {
    // "5" resets the peak RSS to the current RSS (Linux ≥ 4.0), so earlier work (e.g. data generation) does not count.
    fs.writeFileSync("/proc/self/clear_refs", "5");
    hwmReset = true;
  } catch {
    hwmReset = false;
  }
  let sampled = process.memoryUsage().rss / 2 ** 20;
  const timer = setInterval(() => {
    sampled = Math.max(sampled, process.memoryUsage().rss / 2 ** 20);
  }, 50);
  timer.unref();
  return {
    /** Peak so far in MiB. */
    peakMb(): number {
      sampled = Math.max(sampled, process.memoryUsage().rss / 2 ** 20);
      const hwm = hwmReset ? vmHwmMb() : undefined;
      return Math.max(sampled, hwm ?? 0);
    },
    detail() {
      return { sampledMb: sampled, vmHwmMb: hwmReset ? vmHwmMb() : undefined, hwmReset };
    },
    stop() {
      clearInterval(timer);
    },
  };
}
