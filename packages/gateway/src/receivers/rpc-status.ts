/** gRPC status codes the receivers answer with (also used in OTLP/HTTP error bodies). */
export const RpcCode = {
  OK: 0,
  INVALID_ARGUMENT: 3,
  RESOURCE_EXHAUSTED: 8,
  UNIMPLEMENTED: 12,
  UNAVAILABLE: 14,
  UNAUTHENTICATED: 16,
} as const;

const encoder = new TextEncoder();

/** Encodes a `google.rpc.Status { code = 1; message = 2 }`, the OTLP/HTTP error body in protobuf. */
export function encodeRpcStatus(code: number, message: string): Uint8Array {
  const text = encoder.encode(message);
  const head: number[] = [];
  if (code !== 0) head.push(0x08, ...varint(code));
  if (text.length > 0) head.push(0x12, ...varint(text.length));
  const out = new Uint8Array(head.length + text.length);
  out.set(head, 0);
  out.set(text, head.length);
  return out;
}

function varint(value: number): number[] {
  const bytes: number[] = [];
  let v = value >>> 0;
  while (v > 0x7f) {
    bytes.push((v & 0x7f) | 0x80);
    v >>>= 7;
  }
  bytes.push(v);
  return bytes;
}
