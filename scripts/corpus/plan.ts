// Decides, for a whole corpus, which reports get planted conflicts and of which kinds: a fixed share
// of reports, every kind used about equally, so even a small corpus exercises every rule.
import { createRng } from './prng.js';
import { PLANTED_KINDS, type PlantedKind } from './truth.js';

export type OutFormat = 'txt' | 'docx' | 'pdf' | 'doc';
export const OUT_FORMATS: readonly OutFormat[] = ['txt', 'docx', 'pdf', 'doc'];

export interface CorpusPlanItem {
  index: number;
  kinds: PlantedKind[];
  formats: OutFormat[];
}

export interface CorpusOptions {
  count: number;
  seed: string;
  conflictShare: number;
  formats: OutFormat[];
  /** Each report in one format, rotating through `formats` (keeps a committed corpus small). */
  mix: boolean;
  kinds?: PlantedKind[];
}

export function planCorpus(o: CorpusOptions): CorpusPlanItem[] {
  const rng = createRng(`${o.seed}/plan`);
  const kinds = o.kinds && o.kinds.length > 0 ? o.kinds : [...PLANTED_KINDS];
  const conflicted = Math.round(o.count * Math.max(0, Math.min(1, o.conflictShare)));
  const chosen = new Set(rng.shuffle(Array.from({ length: o.count }, (_, i) => i)).slice(0, conflicted));
  // Enough kinds per conflicted report that every kind appears at least once (at most three per report).
  const perReport = conflicted === 0 ? 0 : Math.min(3, Math.max(1, Math.ceil(kinds.length / conflicted)));
  const queue = rng.shuffle(kinds);
  let next = 0;
  // Formats rotate from a seeded offset so that "--mix" spreads conflicted reports over formats too.
  const offset = rng.int(0, o.formats.length - 1);
  return Array.from({ length: o.count }, (_, index) => {
    const mine: PlantedKind[] = [];
    if (chosen.has(index)) {
      for (let k = 0; k < perReport; k++) {
        mine.push(queue[next % queue.length]!);
        next++;
      }
    }
    const formats = o.mix ? [o.formats[(index + offset) % o.formats.length]!] : [...o.formats];
    return { index, kinds: mine, formats };
  });
}
