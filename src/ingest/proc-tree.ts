// The processes a parser process started (Tesseract, pdftoppm, soffice), found through /proc, so a
// parser stopped at its deadline or memory limit does not leave them running: they would go on
// taking a core (a Tesseract page is seconds of CPU) after the file they work for has failed.
import { readFileSync, readdirSync } from 'node:fs';

/** Parent pid from /proc/<pid>/stat; the command name is in parentheses and may hold spaces or ')'. */
export function parentPidFromStat(stat: string): number | null {
  const close = stat.lastIndexOf(')');
  if (close < 0) return null;
  const ppid = Number(stat.slice(close + 2).split(' ')[1]);
  return Number.isInteger(ppid) ? ppid : null;
}

/** Every descendant of `pid`, children before grandchildren; empty where /proc cannot be read. */
export function descendantPids(pid: number): number[] {
  const children = new Map<number, number[]>();
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [];
  }
  for (const name of entries) {
    if (!/^\d+$/.test(name)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${name}/stat`, 'utf8');
    } catch {
      continue; // ended while we looked
    }
    const ppid = parentPidFromStat(stat);
    if (ppid === null) continue;
    const list = children.get(ppid) ?? [];
    list.push(Number(name));
    children.set(ppid, list);
  }
  const out: number[] = [];
  const queue = [...(children.get(pid) ?? [])];
  while (queue.length > 0) {
    const next = queue.shift()!;
    out.push(next);
    queue.push(...(children.get(next) ?? []));
  }
  return out;
}

/** SIGKILL to each pid, ignoring those already gone. */
export function killAll(pids: number[]): void {
  for (const p of pids) {
    try {
      process.kill(p, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}
