// file → reader → document model → text repair → extractors → record → rules → validation.
// The one place the stages are put together; every stage is a pure function returning a Result.
import type { DocumentModel, Message } from '../schemas/document.js';
import { EXTRACTOR_VERSION, ReportRecordSchema, type ReportRecord } from '../schemas/record.js';
import { extractAppendix } from './extract/appendix.js';
import { loadInput, readDocument, type LoadOptions } from './readers/index.js';
import type { Result } from './result.js';

export interface StageTimings {
  read: number;
  extract: number;
  validate: number;
}

export interface ExtractOptions extends LoadOptions {
  /** Filled with per-stage wall times in ms when given (the benchmark reads it). */
  timings?: Partial<StageTimings>;
}

/** Turns a document model into a validated record. Pure: no I/O. */
export function extractDocument(doc: DocumentModel): Result<ReportRecord> {
  const messages: Message[] = [];
  const appendix = extractAppendix(doc);
  messages.push(...appendix.messages);

  const record: ReportRecord = {
    schemaVersion: 1,
    extractorVersion: EXTRACTOR_VERSION,
    source: doc.source,
    status: 'complete',
    report: null,
    indicators: appendix.value,
    facts: [],
    citations: [],
    conflicts: [],
    warnings: [],
  };
  record.warnings = messages.filter((m) => m.type !== 'info');
  return { value: ReportRecordSchema.parse(record), messages };
}

/**
 * Reads one file and extracts its record. Throws InputError (one-line reason) for bad input;
 * any other exception is a bug in sohoa, not in the file.
 */
export async function extractFile(path: string, options: ExtractOptions = {}): Promise<Result<ReportRecord>> {
  const t0 = performance.now();
  const input = await loadInput(path, options);
  const doc = await readDocument(input);
  const t1 = performance.now();
  const extracted = extractDocument(doc.value);
  const t2 = performance.now();
  if (options.timings) {
    options.timings.read = t1 - t0;
    options.timings.extract = t2 - t1;
  }
  return { value: extracted.value, messages: [...doc.messages, ...extracted.messages] };
}
