import type { Span } from '@autoscope/core';
import type { Fault, ReadStats } from '@autoscope/formats';

/** The two dataset layouts the evaluation reads. */
export type DatasetLayout = 'research-csv' | 'otlp-faults';

/** A dataset opened for evaluation: its faults, where its traces are, and a way to stream them. */
export interface EvalDataset {
  readonly path: string;
  readonly layout: DatasetLayout;
  /** Every fault case, sorted by start time. */
  readonly faults: readonly Fault[];
  /** Day folders (research layout) or trace files (project layout) read, in reading order. */
  readonly parts: readonly string[];
  /** Streams every span of the dataset in reading order; `stats` counts records and bad ones. */
  spans(stats: ReadStats): AsyncIterable<readonly Span[]>;
}
