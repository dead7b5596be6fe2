// The record store's public API (see README.md).
export type { Db, QueryResult, Row } from './db.js';
export { isTransientDbError } from './db.js';
export { openStore, storeConfigFromEnv, describeStore, type StoreConfig } from './open.js';
export { migrate, loadMigrations } from './migrate.js';
export { storeReport, type StoredReport, type StoreOptions } from './reports.js';
export { applyRules, setRulesModule } from './rules.js';
export { refreshConflicts, currentCorrections, type ConflictTally } from './conflicts.js';
export {
  applyCorrection,
  revertCorrection,
  resolveConflict,
  reopenConflict,
  fieldValue,
  StoreError,
  type CorrectionInput,
  type CorrectionRow,
  type RevertInput,
  type ResolveInput,
} from './corrections.js';
export {
  listConflicts,
  countConflicts,
  getConflict,
  listReports,
  getReport,
  listIndicators,
  listFacts,
  correctionHistory,
  exportRows,
  type ConflictFilter,
  type ConflictItem,
  type ConflictDetail,
  type ReportFilter,
  type ReportSummary,
  type IndicatorRow,
  type FactRow,
  type ExportRow,
} from './review.js';
export {
  recordSighting,
  decide,
  getSource,
  markFailed,
  markProcessing,
  sourceCounts,
  listFailedSources,
  type SourceRow,
  type SourceCounts,
} from './sources.js';
export { parseRef, indicatorRef, factRef, type RefValue } from './refs.js';
export {
  chooseVersion,
  revertVersionChoice,
  pickField,
  listVersionGroups,
  countVersionItems,
  getVersionGroup,
  groupOfReport,
  type ChoiceRow,
  type GroupItem,
  type GroupDetail,
  type VersionInfo,
} from './versions.js';
