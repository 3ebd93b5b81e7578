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
}

/** The fault list with each fault's ground truth, collected from every service's report. */
export function faultRecords(
  orders: readonly FaultOrder[],
  reports: Readonly<Record<string, ServiceReport>>,
): FaultRecord[] {
  return orders.map((order) => {
    const ids = new Set<string>();
    for (const report of Object.values(reports))
      for (const id of report.groundTruth[order.id] ?? []) ids.add(id);
    return {
      id: order.id,
      type: order.type,
      service: order.service,
      start: `${BigInt(order.startMs) * 1_000_000n}`,
      end: `${BigInt(order.endMs) * 1_000_000n}`,
      faultySpanIds: [...ids].sort(),
    };
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
