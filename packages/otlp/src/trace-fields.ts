/**
 * Wire tags of the OTLP trace messages (field number << 3 | wire type) and each message's known-field mask,
 * from opentelemetry/proto/{common,resource,trace}/v1/*.proto (field numbers are facts of the spec). One
 * table for every reader of the wire format: the decoders here and the gateway's request scanner.
 */
import { FIXED32, FIXED64, fieldMask, LEN, VARINT } from './wire-reader.js';

// KeyValue { key = 1; value = 2 }
export const KV_KEY = (1 << 3) | LEN;
export const KV_VALUE = (2 << 3) | LEN;
export const KV_FIELDS = fieldMask(1, 2);

// AnyValue (oneof value)
export const AV_STRING = (1 << 3) | LEN;
export const AV_BOOL = (2 << 3) | VARINT;
export const AV_INT = (3 << 3) | VARINT;
export const AV_DOUBLE = (4 << 3) | FIXED64;
export const AV_ARRAY = (5 << 3) | LEN;
export const AV_KVLIST = (6 << 3) | LEN;
export const AV_BYTES = (7 << 3) | LEN;
export const AV_FIELDS = fieldMask(1, 2, 3, 4, 5, 6, 7);

// ArrayValue / KeyValueList { values = 1 }
export const LIST_VALUES = (1 << 3) | LEN;
export const LIST_FIELDS = fieldMask(1);

// Span
export const S_TRACE_ID = (1 << 3) | LEN;
export const S_SPAN_ID = (2 << 3) | LEN;
export const S_TRACE_STATE = (3 << 3) | LEN;
export const S_PARENT_SPAN_ID = (4 << 3) | LEN;
export const S_NAME = (5 << 3) | LEN;
export const S_KIND = (6 << 3) | VARINT;
export const S_START = (7 << 3) | FIXED64;
export const S_END = (8 << 3) | FIXED64;
export const S_ATTRIBUTES = (9 << 3) | LEN;
export const S_DROPPED_ATTRIBUTES = (10 << 3) | VARINT;
export const S_EVENTS = (11 << 3) | LEN;
export const S_DROPPED_EVENTS = (12 << 3) | VARINT;
export const S_LINKS = (13 << 3) | LEN;
export const S_DROPPED_LINKS = (14 << 3) | VARINT;
export const S_STATUS = (15 << 3) | LEN;
export const S_FLAGS = (16 << 3) | FIXED32;
export const SPAN_FIELDS = fieldMask(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16);

// Span.Event
export const E_TIME = (1 << 3) | FIXED64;
export const E_NAME = (2 << 3) | LEN;
export const E_ATTRIBUTES = (3 << 3) | LEN;
export const E_DROPPED = (4 << 3) | VARINT;
export const EVENT_FIELDS = fieldMask(1, 2, 3, 4);

// Span.Link
export const L_TRACE_ID = (1 << 3) | LEN;
export const L_SPAN_ID = (2 << 3) | LEN;
export const L_TRACE_STATE = (3 << 3) | LEN;
export const L_ATTRIBUTES = (4 << 3) | LEN;
export const L_DROPPED = (5 << 3) | VARINT;
export const L_FLAGS = (6 << 3) | FIXED32;
export const LINK_FIELDS = fieldMask(1, 2, 3, 4, 5, 6);

// Status { message = 2; code = 3 }
export const ST_MESSAGE = (2 << 3) | LEN;
export const ST_CODE = (3 << 3) | VARINT;
export const STATUS_FIELDS = fieldMask(2, 3);

// ExportTraceServiceRequest { resource_spans = 1 }
export const REQ_RESOURCE_SPANS = (1 << 3) | LEN;
export const REQ_FIELDS = fieldMask(1);

// ResourceSpans { resource = 1; scope_spans = 2; schema_url = 3 }
export const RS_RESOURCE = (1 << 3) | LEN;
export const RS_SCOPE_SPANS = (2 << 3) | LEN;
export const RS_SCHEMA_URL = (3 << 3) | LEN;
export const RS_FIELDS = fieldMask(1, 2, 3);

// Resource { attributes = 1; dropped_attributes_count = 2 }
export const RES_ATTRIBUTES = (1 << 3) | LEN;
export const RES_DROPPED = (2 << 3) | VARINT;
export const RES_FIELDS = fieldMask(1, 2);

// ScopeSpans { scope = 1; spans = 2; schema_url = 3 }
export const SS_SCOPE = (1 << 3) | LEN;
export const SS_SPANS = (2 << 3) | LEN;
export const SS_SCHEMA_URL = (3 << 3) | LEN;
export const SS_FIELDS = fieldMask(1, 2, 3);

// InstrumentationScope { name = 1; version = 2; attributes = 3; dropped_attributes_count = 4 }
export const SC_NAME = (1 << 3) | LEN;
export const SC_VERSION = (2 << 3) | LEN;
export const SC_ATTRIBUTES = (3 << 3) | LEN;
export const SC_DROPPED = (4 << 3) | VARINT;
export const SC_FIELDS = fieldMask(1, 2, 3, 4);
