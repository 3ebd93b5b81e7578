import { TraceFileError } from '../errors.js';
import {
  COLON,
  COMMA,
  describeByte,
  EOF,
  JsonByteReader,
  LBRACE,
  LBRACKET,
  RBRACE,
  RBRACKET,
} from './json-byte-reader.js';

/** Options of {@link streamJsonArray}. */
export interface JsonArrayOptions {
  /**
   * When the document has no array at the path, yield the whole top-level value once instead of failing
   * (a Jaeger file holds either `{"data":[trace, ...]}` or one trace object). The document is then held in
   * memory until the array is found or the document ends.
   */
  readonly wholeDocumentFallback?: boolean;
}

/**
 * Streams the elements of the JSON array found at `path` in one JSON document, one parsed value at a
 * time, so memory stays bounded by the largest element (or skipped sibling value) however big the file.
 *
 * `path` lists object keys from the top: `[]` means the document itself is the array, `['data']` the array
 * under the top-level key `data`. Only the first occurrence of a key is followed. Bytes are scanned without
 * decoding; each element's bytes are decoded as strict UTF-8 and given to `JSON.parse`, so chunk boundaries
 * may fall anywhere (inside strings, escapes or multi-byte characters).
 *
 * The whole document is checked: malformed JSON, invalid UTF-8, a missing array, trailing data or a
 * truncated file throw a {@link TraceFileError} naming `source` and the byte offset. Elements before the
 * error have already been yielded.
 */
export async function* streamJsonArray(
  chunks: AsyncIterable<Uint8Array>,
  path: readonly string[],
  source: string,
  options: JsonArrayOptions = {},
): AsyncGenerator<unknown> {
  const iterator = chunks[Symbol.asyncIterator]();
  try {
    yield* streamDocument(new JsonByteReader(iterator, source), path, source, options);
  } finally {
    // Close the input (e.g. the file) also when the consumer stops early or parsing failed.
    await iterator.return?.();
  }
}

async function* streamDocument(
  reader: JsonByteReader,
  path: readonly string[],
  source: string,
  options: JsonArrayOptions,
): AsyncGenerator<unknown> {
  await reader.skipBom();
  const first = await reader.peek();
  if (first === EOF) throw reader.fail('empty input, expected a JSON document');
  const fallback = options.wholeDocumentFallback === true;
  if (fallback) reader.mark = reader.pos;
  const found = yield* walk(reader, path, 0);
  if (found === 'found') {
    await reader.expectEnd();
    return;
  }
  if (!fallback) throw new TraceFileError(source, '', `no array at ${describePath(path)}`);
  await reader.expectEnd();
  yield reader.parseKept(reader.mark);
}

type WalkResult = 'found' | 'absent';

/** Walks the value at the reader towards `path[level]`, streaming the target array's elements. */
async function* walk(
  reader: JsonByteReader,
  path: readonly string[],
  level: number,
): AsyncGenerator<unknown, WalkResult> {
  const c = await reader.peek();
  if (level === path.length) {
    if (c !== LBRACKET && reader.mark >= 0) {
      await reader.skipValue();
      return 'absent';
    }
    if (c !== LBRACKET)
      throw reader.fail(`expected an array at ${describePath(path)}, found ${describeByte(c)}`);
    reader.pos++;
    reader.mark = -1;
    yield* streamElements(reader);
    return 'found';
  }
  if (c !== LBRACE) {
    if (reader.mark >= 0) {
      await reader.skipValue();
      return 'absent';
    }
    throw reader.fail(
      `expected an object at ${describePath(path.slice(0, level))}, found ${describeByte(c)}`,
    );
  }
  return yield* walkObject(reader, path, level);
}

async function* walkObject(
  reader: JsonByteReader,
  path: readonly string[],
  level: number,
): AsyncGenerator<unknown, WalkResult> {
  reader.pos++;
  let result: WalkResult = 'absent';
  if ((await reader.peek()) === RBRACE) {
    reader.pos++;
    return result;
  }
  for (;;) {
    const key = await reader.readKey();
    await reader.expect(COLON, "':' after an object key");
    if (result === 'absent' && key === path[level]) result = yield* walk(reader, path, level + 1);
    else await reader.skipValue();
    const c = await reader.peek();
    reader.pos++;
    if (c === RBRACE) return result;
    if (c !== COMMA)
      throw reader.failAt(reader.pos - 1, `expected ',' or '}' in an object, found ${describeByte(c)}`);
  }
}

async function* streamElements(reader: JsonByteReader): AsyncGenerator<unknown> {
  if ((await reader.peek()) === RBRACKET) {
    reader.pos++;
    return;
  }
  for (;;) {
    yield await reader.readValue();
    const c = await reader.peek();
    reader.pos++;
    if (c === RBRACKET) return;
    if (c !== COMMA)
      throw reader.failAt(reader.pos - 1, `expected ',' or ']' in an array, found ${describeByte(c)}`);
  }
}

function describePath(path: readonly string[]): string {
  return path.length === 0 ? 'the top level' : path.map((key) => JSON.stringify(key)).join('.');
}
