// Samples the resident memory of a set of processes from /proc (Linux), so the benchmark sees the
// peak of what the workers hold together, not just each one's own high-water mark.
import { readFileSync } from 'node:fs';

export function rssOf(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const m = /VmRSS:\s+(\d+)\s+kB/.exec(status);
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** Starts sampling; stop() returns the peak of the summed RSS in bytes. */
export function sampleRss(pids: () => number[], everyMs = 100): { stop: () => number; peak: () => number } {
  let peak = 0;
  const tick = () => {
    const total = pids().reduce((a, p) => a + rssOf(p), 0);
    if (total > peak) peak = total;
  };
  tick();
  const timer = setInterval(tick, everyMs);
  timer.unref();
  return {
    peak: () => peak,
    stop: () => {
      clearInterval(timer);
      tick();
      return peak;
    },
  };
}
