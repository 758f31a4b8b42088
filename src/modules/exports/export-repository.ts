/**
 * The reads of the exports, for callers outside this folder (the command-line tool, tests). Each job has a
 * file of its own (the snapshot it reads is the engine's, src/db/engine.ts): the pacing of chunks
 * (export-pacing.ts), the header and provenance (export-header.ts), the statement chunks (statement-chunks.ts)
 * and dataset.json (dataset-reads.ts).
 */
export { ChunkPacer, EXPORT_TURN_BUDGET_MS, type ChunkOptions } from './export-pacing.js';
export { datasetProvenance, datasetVersion, exportDataVersion, type BriefingProvenance, type DatasetVersion, type StatementExportHeader } from './export-header.js';
export { assertStatementFilters, statementExportReader, type ExportSort, type StatementExportReader } from './statement-chunks.js';
export {
  datasetHead,
  datasetMeetingChunks,
  datasetStatementChunks,
  datasetVocabulary,
  resolveDatasetBriefing,
  type DatasetHead,
  type DatasetOmissions,
  type DatasetVocabulary,
} from './dataset-reads.js';
