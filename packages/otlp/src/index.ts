export { MAX_ANY_VALUE_DEPTH } from './decode-common.js';
export type { DecodeContext } from './decode-trace.js';
export { decodeResourceSpans, decodeTraceRequest, iterateTraceRequest } from './decode-trace.js';
export { encodedTraceRequestSize, encodeTraceRequest } from './encode-trace.js';
export { OtlpDecodeError, OtlpEncodeError, OtlpError, OtlpJsonDecodeError } from './errors.js';
export type { ExportResult } from './export-response.js';
export {
  decodeExportResponse,
  decodeExportResponseJson,
  encodeExportResponse,
  encodeExportResponseJson,
} from './export-response.js';
export { SPAN_ID_BYTES, TRACE_ID_BYTES } from './ids.js';
export { decodeResourceSpansJson, decodeTraceRequestJson } from './json-decode.js';
export { encodeTraceRequestJson, stringifyTraceRequestJson } from './json-encode.js';
export { atField, FIXED32, FIXED64, fieldMask, LEN, VARINT, WireError, WireReader } from './wire-reader.js';
