// file → reader → document model → text repair → extractors → record → rules → validation.
// The one place the stages are put together; every stage is a pure function returning a Result.
import type { DocumentModel, Message } from '../schemas/document.js';
import { EXTRACTOR_VERSION, ReportRecordSchema, type ReportRecord, type TextSpan } from '../schemas/record.js';
import { levelOfUnitKind } from '../schemas/catalogue.js';
import { extractAppendix } from './extract/appendix.js';
import { locateBoxes } from './extract/boxes.js';
import { linkFacts, matchCatalogue } from './extract/catalogue-match.js';
import { extractCitations } from './extract/citations.js';
import { extractFactsAndMentions } from './extract/facts.js';
import { ownUnitName } from './extract/facts/scope.js';
import { extractMetadata } from './extract/metadata.js';
import { narrativeSentences } from './extract/sentences.js';
import { loadInput, readDocument, type LoadOptions } from './readers/index.js';
import { warning, type Result } from './result.js';
import { runReportRules } from './rules/index.js';
import { repairDocument } from './text/repair.js';

export interface StageTimings {
  read: number;
  extract: number;
  validate: number;
}

export interface ExtractOptions extends LoadOptions {
  /** Filled with per-stage wall times in ms when given (the benchmark reads it). */
  timings?: Partial<StageTimings>;
}

const nonInfo = (messages: Message[]) => messages.filter((m) => m.type !== 'info');

function narrativeOf(doc: DocumentModel): TextSpan[] {
  const spans: TextSpan[] = [];
  for (const block of doc.blocks) {
    if (block.kind === 'table' || block.text.trim() === '') continue;
    spans.push({ text: block.text, provenance: block.prov });
  }
  return spans;
}

/** Turns a (repaired) document model into a record, before validation. Pure: no I/O. */
export function buildRecord(doc: DocumentModel): Result<ReportRecord> {
  const messages: Message[] = [];
  const take = <T>(r: Result<T>): T => {
    messages.push(...r.messages);
    return r.value;
  };

  const report = take(extractMetadata(doc));
  const indicators = take(matchCatalogue(take(extractAppendix(doc))));
  // Citations and facts read the same sentences: cut them once.
  const sentences = narrativeSentences(doc);
  const citations = take(extractCitations(doc, { meta: report, sentences }));
  const level = report.unitKind ? levelOfUnitKind(report.unitKind) : undefined;
  // Keyed facts and open facts (every number stated), each with its scope; the unit's own name marks
  // its own figures (ownUnitName: not a unit guessed from a notice that lists several).
  const unitName = ownUnitName(report, doc.blocks.flatMap((b) => (b.kind === 'table' ? [] : [b.text])));
  const read = take(extractFactsAndMentions(doc, { sentences, unitName, commune: level === 'xa' }));
  const facts = linkFacts(read.facts, level ? { level } : {});

  // Boxes on the page for every value of a paged document (review shows the page beside it).
  const record: ReportRecord = locateBoxes({
    schemaVersion: 1,
    extractorVersion: EXTRACTOR_VERSION,
    source: doc.source,
    status: 'complete',
    report,
    indicators,
    facts,
    citations,
    conflicts: [],
    warnings: [],
    narrative: narrativeOf(doc),
    mentions: read.mentions,
    pageInfo: doc.pageInfo,
  }, doc);
  record.conflicts = runReportRules(record);
  // A record that cannot be placed (which unit? which period?), has no appendix, or whose appendix
  // was not wholly read is kept, but never called complete: the store and the review page show it
  // as partial.
  const gaps = [
    indicators.length === 0 ? 'no appendix forms found' : null,
    report.unitName ? null : 'no reporting unit found',
    report.period ? null : 'no report period found',
    indicators.some((i) => i.valueKind === 'unlocated') ? 'the value cell of some appendix rows not located' : null,
    messages.some((m) => m.code === 'form_not_read') ? 'the rows of a printed form not read' : null,
    messages.some((m) => m.code === 'row_code_gap') ? 'a row missing between the rows read of a form' : null,
    messages.some((m) => m.code === 'value_without_code') ? 'a printed value in a row whose code could not be read' : null,
    messages.some((m) => m.code === 'row_code_repeated') ? 'a row code read twice in one form' : null,
  ].filter((m): m is string => m !== null);
  if (gaps.length > 0) {
    record.status = 'partial';
    messages.push(warning('record_partial', `record is partial: ${gaps.join('; ')}`));
  }
  record.warnings = messages.filter((m) => m.type !== 'info');
  return { value: record, messages };
}

/**
 * Repairs the text, extracts and validates. Pure: no I/O. `readerMessages` are the reader's own
 * warnings, carried into the record so a reviewer sees them.
 */
export function extractDocument(
  doc: DocumentModel,
  readerMessages: Message[] = [],
  timings?: Partial<StageTimings>,
): Result<ReportRecord> {
  const t0 = performance.now();
  const repaired = repairDocument(doc);
  const built = buildRecord(repaired.value);
  built.value.warnings = [...nonInfo(readerMessages), ...nonInfo(repaired.messages), ...built.value.warnings];
  const t1 = performance.now();
  // Validation is the boundary: a record that does not match its schema is never emitted.
  const record = ReportRecordSchema.parse(built.value);
  const t2 = performance.now();
  if (timings) {
    timings.extract = t1 - t0;
    timings.validate = t2 - t1;
  }
  return { value: record, messages: [...readerMessages, ...repaired.messages, ...built.messages] };
}

/**
 * Reads one file and extracts its record. Throws InputError (one-line reason) for bad input;
 * any other exception is a bug in sohoa, not in the file.
 */
export async function extractFile(path: string, options: ExtractOptions = {}): Promise<Result<ReportRecord>> {
  const t0 = performance.now();
  const input = await loadInput(path, options);
  const doc = await readDocument(input);
  if (options.timings) options.timings.read = performance.now() - t0;
  return extractDocument(doc.value, doc.messages, options.timings);
}
