export type { ConfigWatch, ConfigWatchHandlers } from './config-file.js';
export { CONFIG_WATCH_DEBOUNCE_MS, loadConfigFile, watchConfigFile } from './config-file.js';
export { ConfigFileError } from './config-file-error.js';
export type { PodFault } from './csv-faults.js';
export { DEFAULT_FAULT_DURATION_NANOS, parseFaultList, readFaultList } from './csv-faults.js';
export type { CsvReadOptions } from './csv-file.js';
export { CSV_IMPORT_SCOPE, readCsvTraces } from './csv-file.js';
export { serviceOfPod } from './csv-row.js';
export type { TraceFormat } from './detect.js';
export { detectFormat, sniffText, TRACE_FORMATS } from './detect.js';
export { TraceFileError, UnknownFormatError } from './errors.js';
export type { Fault } from './faults.js';
export { parseFaults, readFaultsFile } from './faults.js';
export type { JsonArrayOptions } from './io/json-stream.js';
export { streamJsonArray } from './io/json-stream.js';
export type { NumberedLine, ReadLinesOptions } from './io/lines.js';
export { DEFAULT_MAX_LINE_BYTES, readLines, splitLines } from './io/lines.js';
export { listFiles } from './io/list-files.js';
export { readBytes, readFirstText, readHead } from './io/open-input.js';
export type { JaegerReadOptions } from './jaeger-file.js';
export { readJaegerTraces } from './jaeger-file.js';
export { JAEGER_IMPORT_SCOPE } from './jaeger-span.js';
export type { TraceSource } from './open-source.js';
export { openTraceSource } from './open-source.js';
export type { TraceWriter } from './open-writer.js';
export { openTraceWriter } from './open-writer.js';
export type { OtlpProtobufWriterOptions, OtlpReadOptions } from './otlp-file.js';
export {
  OtlpJsonLinesWriter,
  OtlpProtobufWriter,
  readOtlpJsonFile,
  readOtlpProtobufFile,
} from './otlp-file.js';
export type { FileAssemblyOptions } from './read-traces.js';
export { assembleTraces, FILE_ASSEMBLY } from './read-traces.js';
export type { ReadStats, SpanBatches } from './source.js';
export { newReadStats } from './source.js';
export { parseTimeNanos } from './time-nanos.js';
export type { ZipkinReadOptions } from './zipkin-file.js';
export { readZipkinSpans } from './zipkin-file.js';
export { ZIPKIN_IMPORT_SCOPE } from './zipkin-span.js';
