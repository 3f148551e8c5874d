/**
 * Peak resident memory of this process (chDB runs inside it, so this includes the engine):
 * the kernel's high-water mark (VmHWM, reset where the kernel allows it) and a 50 ms sampler of
 * process.memoryUsage().rss as a cross-check. `phase()` closes a phase: it returns that phase's
 * peak and starts the next one; `peakMb()` is the peak over all phases since start.
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

/** "5" resets the peak RSS to the current RSS (Linux ≥ 4.0), so earlier work does not count. */
function resetHwm(): boolean {
  try {
    fs.writeFileSync("/proc/self/clear_refs", "5");
    return true;
  } catch {
    return false;
  }
}

export function startPeakRss() {
  const hwmReset = resetHwm();
  const rssMb = () => process.memoryUsage().rss / 2 ** 20;
  let sampled = rssMb();
  let overall = 0;
  const timer = setInterval(() => {
    sampled = Math.max(sampled, rssMb());
  }, 50);
  timer.unref();
  const current = () => {
    sampled = Math.max(sampled, rssMb());
    return Math.max(sampled, hwmReset ? (vmHwmMb() ?? 0) : 0);
  };
  return {
    hwmReset,
    /** Peak of the phase that ends now (MiB); the next phase starts from the current RSS. */
    phase(): number {
      const peak = current();
      overall = Math.max(overall, peak);
      if (hwmReset) resetHwm();
      sampled = rssMb();
      return peak;
    },
    /** Peak since start (MiB). */
    peakMb(): number {
      return Math.max(overall, current());
    },
    stop() {
      clearInterval(timer);
    },
  };
}
