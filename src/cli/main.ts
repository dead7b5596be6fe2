// The `sohoa` command line: one sub-command per job, each in its own module under commands/.
import { Command } from 'commander';
import { register as registerExtract } from './commands/extract.js';

const program = new Command();
program
  .name('sohoa')
  .description('Số hoá: turn archives of Vietnamese administrative-reform reports into structured, reviewable data')
  .version('0.1.0');

registerExtract(program);

await program.parseAsync(process.argv);
