/**
 * Writes OTLP/JSON lines: one `ExportTraceServiceRequest` per line, as the Collector's file exporter does.
 * Starts a new file past `rotateBytes`, renaming the full one `name-<UTC timestamp>.ext`; syncs on
 * rotation and close.
 */
import { access, type FileHandle, open, rename } from 'node:fs/promises';
import { extname } from 'node:path';
import { decodeTraceRequest, decodeTraceRequestJson, stringifyTraceRequestJson } from '@autoscope/otlp';
import type { SendOutcome, Transport } from './transport.js';

const OPEN_BRACE = 0x7b;

/** Appends JSON lines to `path`, rotating past `rotateBytes` (0: never). */
export class FileTransport implements Transport {
  readonly name: string;
  private file: { handle: FileHandle; size: number } | undefined;

  constructor(
    private readonly path: string,
    private readonly rotateBytes: number,
  ) {
    this.name = `file ${path}`;
  }

  /** Re-encodes a protobuf (or OTLP/JSON) request as one JSON line. Throws the decoder's error. */
  async prepare(request: Uint8Array): Promise<Uint8Array> {
    const json = firstNonSpace(request) === OPEN_BRACE;
    const source = `export request to ${this.path}`;
    const spans = json
      ? decodeTraceRequestJson(JSON.parse(new TextDecoder().decode(request)), source)
      : decodeTraceRequest(request, source);
    return new TextEncoder().encode(`${stringifyTraceRequestJson(spans)}\n`);
  }

  async send(line: Uint8Array): Promise<SendOutcome> {
    try {
      const file = await this.target(line.length);
      for (let done = 0; done < line.length; ) {
        done += (await file.handle.write(line, done, line.length - done)).bytesWritten;
      }
      file.size += line.length;
      return { kind: 'sent', result: { rejectedSpans: 0, errorMessage: '' } };
    } catch (error) {
      return { kind: 'retry', reason: `${this.path}: ${(error as Error).message}` };
    }
  }

  async close(): Promise<void> {
    const file = this.file;
    this.file = undefined;
    if (file === undefined) return;
    try {
      await file.handle.sync();
    } finally {
      await file.handle.close();
    }
  }

  /** The open file, rotated first when `bytes` more would pass `rotateBytes`. */
  private async target(bytes: number): Promise<{ handle: FileHandle; size: number }> {
    if (this.file !== undefined && this.rotateBytes > 0 && this.file.size > 0) {
      if (this.file.size + bytes > this.rotateBytes) {
        await this.close();
        await rename(this.path, await this.backupName());
      }
    }
    if (this.file === undefined) {
      const handle = await open(this.path, 'a');
      this.file = { handle, size: (await handle.stat()).size };
    }
    return this.file;
  }

  private async backupName(): Promise<string> {
    const ext = extname(this.path);
    const stem = this.path.slice(0, this.path.length - ext.length);
    const stamp = new Date().toISOString().replace(/:/g, '-').replace('Z', '');
    for (let n = 0; ; n++) {
      const name = `${stem}-${stamp}${n === 0 ? '' : `-${n}`}${ext}`;
      if (!(await exists(name))) return name;
    }
  }
}

function firstNonSpace(bytes: Uint8Array): number | undefined {
  for (const b of bytes) if (b !== 0x20 && b !== 0x0a && b !== 0x0d && b !== 0x09) return b;
  return undefined;
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
