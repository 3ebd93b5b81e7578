/**
 * Just enough protobuf to read a `google.rpc.Status` (`code = 1; message = 2; details = 3 (Any)`), the
 * error body of OTLP/HTTP and the `grpc-status-details-bin` trailer of gRPC, and the `RetryInfo` detail
 * (`retry_delay = 1 (Duration { seconds = 1; nanos = 2 })`) that tells a client when to retry.
 */

const RETRY_INFO = 'type.googleapis.com/google.rpc.RetryInfo';

interface Field {
  readonly number: number;
  readonly value: number | Uint8Array;
}

/** The `message` of a serialized `google.rpc.Status`, or undefined when it is not one. */
export function statusMessage(bytes: Uint8Array): string | undefined {
  const fields = readFields(bytes);
  const message = fields?.find((f) => f.number === 2)?.value;
  return message instanceof Uint8Array ? new TextDecoder().decode(message) : undefined;
}

/** The retry delay (ms) of a `RetryInfo` detail in a serialized `google.rpc.Status`, if any. */
export function statusRetryDelayMs(bytes: Uint8Array): number | undefined {
  for (const detail of readFields(bytes) ?? []) {
    if (detail.number !== 3 || !(detail.value instanceof Uint8Array)) continue;
    const any = readFields(detail.value) ?? [];
    const type = any.find((f) => f.number === 1)?.value;
    const value = any.find((f) => f.number === 2)?.value;
    if (!(type instanceof Uint8Array) || !(value instanceof Uint8Array)) continue;
    if (new TextDecoder().decode(type) !== RETRY_INFO) continue;
    const delay = readFields(value)?.find((f) => f.number === 1)?.value;
    if (!(delay instanceof Uint8Array)) return 0;
    const duration = readFields(delay) ?? [];
    const seconds = duration.find((f) => f.number === 1)?.value;
    const nanos = duration.find((f) => f.number === 2)?.value;
    return (typeof seconds === 'number' ? seconds * 1000 : 0) + (typeof nanos === 'number' ? nanos / 1e6 : 0);
  }
  return undefined;
}

/** The top-level varint and length-delimited fields of a message; undefined when it is malformed. */
function readFields(bytes: Uint8Array): Field[] | undefined {
  const fields: Field[] = [];
  const at = { pos: 0 };
  while (at.pos < bytes.length) {
    const tag = readVarint(bytes, at);
    if (tag === undefined) return undefined;
    const wire = tag % 8;
    const number = Math.floor(tag / 8);
    const n = readVarint(bytes, at);
    if (n === undefined || (wire !== 0 && wire !== 2)) return undefined;
    if (wire === 0) fields.push({ number, value: n });
    else {
      if (at.pos + n > bytes.length) return undefined;
      fields.push({ number, value: bytes.subarray(at.pos, at.pos + n) });
      at.pos += n;
    }
  }
  return fields;
}

function readVarint(bytes: Uint8Array, at: { pos: number }): number | undefined {
  let value = 0;
  for (let shift = 0; shift < 64; shift += 7) {
    const byte = bytes[at.pos++];
    if (byte === undefined) return undefined;
    value += (byte & 0x7f) * 2 ** shift;
    if (byte < 0x80) return value;
  }
  return undefined;
}
