// `sohoa extract`'s parser (a child process of the command): reads one file into its record, so
// the command can stop it at the per-file deadline or when it needs too much memory, as `import`
// stops its parsers. A file's one-line reason crosses back as the error's message, marked as bad
// input by its code.
import { isInputError } from '../src/errors.js';
import { TASK_INPUT_CODE, serveThread } from '../src/ingest/pool.js';
import { extractFile } from '../src/pipeline.js';
import type { ReportRecord } from '../schemas/record.js';

serveThread<{ file: string }, ReportRecord>(async ({ file }) => {
  try {
    return (await extractFile(file)).value;
  } catch (e) {
    if (isInputError(e)) throw Object.assign(new Error(e.line), { code: TASK_INPUT_CODE });
    throw e;
  }
});
