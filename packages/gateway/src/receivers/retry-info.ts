/**
 * `google.rpc.Status` with a `google.rpc.RetryInfo` detail, the `grpc-status-details-bin` trailer OTLP/gRPC
 * clients read to learn how long to wait before retrying (the gRPC counterpart of `Retry-After`).
 */
const encoder = new TextEncoder();
const RETRY_INFO_TYPE = 'type.googleapis.com/google.rpc.RetryInfo';

/** Encodes `Status { code, message, details: [Any(RetryInfo { retry_delay: { seconds } })] }`. */
export function encodeStatusWithRetryInfo(
  code: number,
  message: string,
  retryAfterSeconds: number,
): Uint8Array {
  const duration = field(1, varint(retryAfterSeconds)); // Duration.seconds
  const retryInfo = lenField(1, duration); // RetryInfo.retry_delay
  const any = concat(lenField(1, encoder.encode(RETRY_INFO_TYPE)), lenField(2, retryInfo));
  return concat(field(1, varint(code)), lenField(2, encoder.encode(message)), lenField(3, any));
}

function field(number: number, value: Uint8Array): Uint8Array {
  return concat(Uint8Array.of(number << 3), value);
}

function lenField(number: number, value: Uint8Array): Uint8Array {
  return concat(Uint8Array.of((number << 3) | 2), varint(value.length), value);
}

function varint(value: number): Uint8Array {
  const bytes: number[] = [];
  let v = Math.max(0, Math.trunc(value)) >>> 0;
  while (v > 0x7f) {
    bytes.push((v & 0x7f) | 0x80);
    v >>>= 7;
  }
  bytes.push(v);
  return Uint8Array.from(bytes);
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
