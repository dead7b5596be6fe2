// Markdown tables of a benchmark run (pasted into docs/measurements.md).
import type { BenchResult } from '../bench.js';

const mb = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MB`;
const f1 = (x: number) => x.toFixed(1);
const perReport = (ms: number, n: number) => (n > 0 && ms > 0 ? f1(ms / n) : '–');
const f2 = (x: number) => x.toFixed(2);

/** Fewer timed files per worker than this, and a format's rate is not yet the steady one (docs/measurements.md). */
export const STEADY_FILES_PER_WORKER = 50;

export function markdownBench(r: BenchResult): string {
  const out: string[] = [];
  out.push(`Run ${r.date}, ${r.machine.arch}, ${r.machine.cores} cores, Node ${r.machine.node}.`);
  const loads = Object.entries(r.load).map(([part, l]) => `${part} ${l!.before.toFixed(1)} → ${l!.after.toFixed(1)}`);
  out.push(loads.length ? `1-minute load average before → after each part: ${loads.join('; ')}.` : '', '');
  for (const d of r.direct) {
    out.push(`**Direct mode, ${d.workers} warm worker process(es)**, store: ${d.store}`, '');
    out.push('| format | files | failed | reports/s | pages/s | read ms | extract ms | validate ms | store ms | CPU ms/file |');
    out.push('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
    for (const f of d.formats) {
      const s = f.wallMs / 1000;
      out.push(
        `| ${f.format} | ${f.files} | ${f.failed} | ${f2(f.files / s)} | ${f.pages === null ? '–' : f1(f.pages / s)} | ${f1(f.stages.read)} | ${f1(f.stages.extract)} | ${f1(f.stages.validate)} | ${f1(f.stages.store)} | ${f1(f.cpuMs / f.files)} |`,
      );
    }
    out.push('', `Peak RSS of the workers together: ${mb(d.peakRssBytes)}; per worker (max RSS): ${d.maxRssPerWorkerKb.map((k) => mb(k * 1024)).join(', ')}.`);
    const few = d.formats.filter((f) => f.files / d.workers < STEADY_FILES_PER_WORKER).map((f) => f.format);
    if (few.length > 0)
      out.push(
        '',
        `Note: under ${STEADY_FILES_PER_WORKER} timed files per worker for ${few.join(', ')}: V8 has not finished optimising that early, so these rates are below the steady ones (docs/measurements.md); use a corpus of 100+ reports per format (\`npm run corpus -- --count 150 --long\`).`,
      );
    for (const f of d.formats) for (const e of f.errors) out.push(`- failed: ${e}`);
    out.push('');
  }
  if (r.baseline) {
    const b = r.baseline;
    const sohoa = r.direct.find((d) => d.workers === b.workers)?.formats.find((f) => f.format === 'pdf');
    out.push(`**Baseline: poppler \`pdftotext -layout\`** on the same ${b.files} PDFs, ${b.workers} at a time`, '');
    out.push('| tool | PDFs/s | CPU ms/PDF |');
    out.push('| --- | ---: | ---: |');
    out.push(`| pdftotext -layout | ${f2(b.files / (b.wallMs / 1000))} | ${f1(b.cpuMs / b.files)} |`);
    if (sohoa) {
      out.push(`| sohoa (extract${r.direct[0]?.store.startsWith('off') ? '' : ' + store'}) | ${f2(sohoa.files / (sohoa.wallMs / 1000))} | ${f1(sohoa.cpuMs / sohoa.files)} |`);
      out.push('', `Ratio sohoa / pdftotext: ${f1((sohoa.cpuMs / sohoa.files) / (b.cpuMs / b.files))}× the CPU per PDF, ${f1((sohoa.wallMs / sohoa.files) / (b.wallMs / b.files))}× the wall time per PDF (pdftotext only dumps text; sohoa also rebuilds tables, extracts, checks and validates).`);
    }
    out.push('');
  }
  if (r.queue) {
    if ('unavailable' in r.queue) out.push(`Queue mode: not available yet (${r.queue.unavailable}).`, '');
    else {
      out.push('**Queue mode** (sohoa import → Redis → sohoa worker processes → PostgreSQL), warm workers', '');
      out.push('| workers | files timed | done | failed | reports/s (workers busy) | reports/s (wall, incl. import start) | runs (reports/s) | CPU ms/report: workers | CPU ms/report: whole machine | machine busy | peak RSS (workers) |');
      out.push('| ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: |');
      const busyRate = (q: (typeof r.queue)[number]) => q.done / ((q.busyMs ?? q.wallMs) / 1000);
      for (const q of r.queue)
        out.push(
          `| ${q.workers} | ${q.files} (+${q.warmup} warm-up) | ${q.done} | ${q.failed} | ${f2(busyRate(q))} | ${f2(q.done / (q.wallMs / 1000))} | ${q.runs.map(f2).join(', ')} | ${perReport(q.workerCpuMs, q.done)} | ${perReport(q.machineCpuMs, q.done)} | ${q.machineCapacityMs > 0 ? `${Math.round((100 * q.machineCpuMs) / q.machineCapacityMs)} %` : '–'} | ${mb(q.peakRssBytes)} |`,
        );
      const [a, b] = [r.queue[0], r.queue[r.queue.length - 1]];
      if (a && b && a !== b)
        out.push(
          '',
          `Scaling ${a.workers} → ${b.workers} workers (median runs): ×${f2(busyRate(b) / busyRate(a))} by the workers' busy time, ×${f2(b.done / b.wallMs / (a.done / a.wallMs))} by wall time.`,
        );
      // What the machine allows: with every core busy at the whole-machine CPU cost per report of
      // the one-worker run, throughput could be at most this many times the one-worker rate.
      if (a && b && a !== b && a.machineCpuMs > 0 && a.machineCapacityMs > 0)
        out.push(
          '',
          `Ceiling: the ${a.workers}-worker run already kept ${Math.round((100 * a.machineCpuMs) / a.machineCapacityMs)} % of the machine busy (PostgreSQL, Redis and the importer share its cores), so no number of workers could beat ×${f2(a.machineCapacityMs / a.machineCpuMs)} on this machine.`,
        );
      out.push('');
    }
  }
  if (r.memory) {
    const m = r.memory;
    out.push(`**Memory check** via ${m.via}: ${m.processed}/${m.files} generated reports${m.formats ? ` (${m.formats})` : ''} in ${f1(m.wallMs / 1000)} s${m.timedOut ? ' (time limit reached)' : ''}.`);
    out.push(
      `Peak RSS ${mb(m.rssPeakBytes)} (the process and its children)${m.rssStartBytes ? `; after warm-up ${mb(m.rssStartBytes)}, at the end ${mb(m.rssEndBytes)}` : ''}${m.rssSteps.length ? `; highest per tenth of the run: ${m.rssSteps.map(mb).join(' → ')}` : ''}.`,
      ...(m.createPeakBytes ? [`Creating the fresh embedded database beforehand (PGlite initdb, once per data folder, in a child process) peaked at ${mb(m.createPeakBytes)}.`] : []),
      '',
    );
  }
  return out.join('\n');
}
