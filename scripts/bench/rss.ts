// Samples the resident memory of a set of processes *and their descendants* from /proc (Linux), so
// the benchmark sees the peak of what they hold together: readers shell out (soffice, pdftoppm,
// tesseract) and the embedded store creates its database in a child process, and that memory is
// the import's as much as its own heap is.
import { readFileSync, readdirSync } from 'node:fs';

export function rssOf(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const m = /VmRSS:\s+(\d+)\s+kB/.exec(status);
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** Direct children of `pid` (every thread's children list; Linux ≥ 3.5). */
function childrenOf(pid: number): number[] {
  const out: number[] = [];
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      try {
        for (const c of readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').split(' ')) if (c.trim()) out.push(Number(c));
      } catch {
        // thread gone
      }
    }
  } catch {
    // process gone
  }
  return out;
}

/** `pid` and all its descendants. */
export function processTree(pid: number): number[] {
  const seen = new Set<number>();
  const todo = [pid];
  while (todo.length) {
    const p = todo.pop()!;
    if (seen.has(p)) continue;
    seen.add(p);
    todo.push(...childrenOf(p));
  }
  return [...seen];
}

/** Summed RSS of the processes and their descendants. */
export function treeRss(pids: number[]): number {
  const all = new Set(pids.flatMap(processTree));
  let total = 0;
  for (const p of all) total += rssOf(p);
  return total;
}

/** Starts sampling; stop() returns the peak of the summed RSS (descendants included) in bytes. */
export function sampleRss(pids: () => number[], everyMs = 100): { stop: () => number; peak: () => number } {
  let peak = 0;
  const tick = () => {
    const total = treeRss(pids());
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
