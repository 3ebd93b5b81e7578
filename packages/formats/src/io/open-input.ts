import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';

const GZIP_MAGIC_0 = 0x1f;
const GZIP_MAGIC_1 = 0x8b;

/** Reads the first bytes of a file (fewer when the file is shorter). */
export async function readHead(path: string, length: number): Promise<Uint8Array> {
  const handle = await open(path, 'r');
  try {
    const buffer = new Uint8Array(length);
    const { bytesRead } = await handle.read(buffer, 0, length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** True when the bytes start with the gzip magic number. */
export function isGzip(head: Uint8Array): boolean {
  return head.length >= 2 && head[0] === GZIP_MAGIC_0 && head[1] === GZIP_MAGIC_1;
}

/**
 * Streams a file's bytes, gunzipping when the file starts with the gzip magic number (whatever its
 * name). Chunks are yielded as they arrive, so files larger than memory work. `chunkBytes` is the size
 * of each read from the file (default 1 MiB) and of each gunzipped chunk (at least 64; default 16 KiB).
 */
export async function* readBytes(path: string, chunkBytes?: number): AsyncGenerator<Uint8Array> {
  const gzip = isGzip(await readHead(path, 2));
  const file = createReadStream(path, { highWaterMark: chunkBytes ?? 1 << 20 });
  const unzip = chunkBytes === undefined ? {} : { chunkSize: Math.max(64, chunkBytes) };
  const stream = gzip ? file.pipe(createGunzip(unzip)) : file;
  if (gzip) file.on('error', (error) => stream.destroy(error));
  for await (const chunk of stream) yield chunk as Uint8Array;
}

/** The bytes of a file after gunzipping when needed, decoded as UTF-8 text. */
export async function readFirstText(path: string, maxBytes: number): Promise<string> {
  const decoder = new TextDecoder('utf-8');
  let text = '';
  for await (const chunk of readBytes(path)) {
    text += decoder.decode(chunk, { stream: true });
    if (text.length >= maxBytes) break;
  }
  return text.slice(0, maxBytes);
}
