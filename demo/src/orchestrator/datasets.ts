import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { finished } from 'node:stream/promises';
import type { FaultOrder, ServiceReport } from '../protocol.js';

/** One line of the project's `faults.json` (see `readFaultsFile` in @autoscope/formats). */
export interface FaultRecord {
  readonly id: string;
  readonly type: string;
  readonly service: string;
  /** Unix nanoseconds as a decimal string. */
  readonly start: string;
  readonly end: string;
  readonly faultySpanIds: readonly string[];
  /**
   * CPU contention only: spans that overlapped the fault's window, slowed or not (the looser ground truth
   * used before; `faultySpanIds` lists the spans a busy period of the contention ran during).
   */
  readonly windowOverlapSpans?: number;
}

/** The fault list with each fault's ground truth, collected from every service's report. */
export function faultRecords(
  orders: readonly FaultOrder[],
  reports: Readonly<Record<string, ServiceReport>>,
): FaultRecord[] {
  return orders.map((order) => {
    const ids = new Set<string>();
    let overlaps = 0;
    for (const report of Object.values(reports)) {
      for (const id of report.groundTruth[order.id] ?? []) ids.add(id);
      overlaps += report.windowOverlaps?.[order.id] ?? 0;
    }
    const record: FaultRecord = {
      id: order.id,
      type: order.type,
      service: order.service,
      start: `${BigInt(order.startMs) * 1_000_000n}`,
      end: `${BigInt(order.endMs) * 1_000_000n}`,
      faultySpanIds: [...ids].sort(),
    };
    return order.type === 'cpu_contention' ? { ...record, windowOverlapSpans: overlaps } : record;
  });
}

/** Writes `faults.json`. */
export async function writeFaults(path: string, records: readonly FaultRecord[]): Promise<void> {
  await writeFile(path, `${JSON.stringify(records, null, 2)}\n`);
}

/** Concatenates OTLP JSON lines files (each service's stream) into one, in the order given. */
export async function concatenate(parts: readonly string[], into: string): Promise<void> {
  const out = createWriteStream(into);
  const failed = new Promise<never>((_, reject) => out.once('error', reject));
  for (const part of parts) {
    for await (const chunk of createReadStream(part)) {
      if (!out.write(chunk)) await Promise.race([once(out, 'drain'), failed]);
    }
  }
  out.end();
  await Promise.race([finished(out), failed]);
}
