// The `sohoa` command line: one sub-command per job, each in its own module under commands/.
import { Command } from 'commander';

type Registrar = { register(program: Command): void };

// Commands pull in heavy libraries (pdf.js, fastify, bullmq, exceljs): load only the one asked
// for, so `sohoa extract` starts fast; `sohoa --help` (no known command) loads them all.
const COMMANDS: Record<string, () => Promise<Registrar>> = {
  extract: () => import('./commands/extract.js'),
  import: () => import('./commands/import.js'),
  worker: () => import('./commands/worker.js'),
  watch: () => import('./commands/watch.js'),
  status: () => import('./commands/status.js'),
  serve: () => import('./commands/serve.js'),
  export: () => import('./commands/export.js'),
  user: () => import('./commands/user.js'),
};

const program = new Command();
program
  .name('sohoa')
  .description('Số hoá: turn archives of Vietnamese administrative-reform reports into structured, reviewable data')
  .version('0.1.0');

const asked = process.argv[2];
const load = asked !== undefined ? COMMANDS[asked] : undefined;
const modules = load ? [await load()] : await Promise.all(Object.values(COMMANDS).map((l) => l()));
for (const m of modules) m.register(program);

await program.parseAsync(process.argv);
