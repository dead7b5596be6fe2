// CPU time from /proc (Linux): the whole machine's, and a set of processes' (all their threads).
// Queue mode shares two cores between the workers, PostgreSQL, Redis and the importer, so the
// scaling factor means little without knowing how much of the machine one worker already keeps busy.
import { readFileSync } from 'node:fs';

/** Clock ticks per second for /proc times (USER_HZ; 100 on Linux on every common architecture). */
const TICK_MS = 10;

/** Busy and total CPU time of the whole machine so far, in ms (all cores summed). */
export function machineCpu(): { busyMs: number; totalMs: number } {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
    // cpu  user nice system idle iowait irq softirq steal guest guest_nice
    const [user, nice, system, idle, iowait, irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number) as number[];
    const busy = user! + nice! + system! + irq! + softirq! + steal!;
    return { busyMs: busy * TICK_MS, totalMs: (busy + idle! + iowait!) * TICK_MS };
  } catch {
    return { busyMs: 0, totalMs: 0 };
  }
}

/** User + system CPU time of a process, all its threads, in ms; 0 when it is gone. */
export function processCpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces, so split after its closing parenthesis).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return 0;
  }
}
