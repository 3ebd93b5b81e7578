import { readBytes } from './open-input.js';

/** One line of a text file with its 1-based line number (no trailing newline or carriage return). */
export interface NumberedLine {
  readonly line: string;
  readonly lineNumber: number;
}

/**
 * Streams the lines of a (possibly gzipped) UTF-8 text file. Invalid UTF-8 becomes U+FFFD, which callers
 * that care can detect. Memory is bounded by the longest line.
 */
export async function* readLines(path: string): AsyncGenerator<NumberedLine> {
  const decoder = new TextDecoder('utf-8');
  let pending = '';
  let lineNumber = 0;
  for await (const chunk of readBytes(path)) {
    pending += decoder.decode(chunk, { stream: true });
    let start = 0;
    for (let nl = pending.indexOf('\n', start); nl >= 0; nl = pending.indexOf('\n', start)) {
      lineNumber++;
      yield { line: trimCr(pending.slice(start, nl)), lineNumber };
      start = nl + 1;
    }
    pending = pending.slice(start);
  }
  pending += decoder.decode();
  if (pending.length > 0) yield { line: trimCr(pending), lineNumber: lineNumber + 1 };
}

function trimCr(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}
