import { InvalidOptionError } from '../errors.js';

/** Label values of one series, by label name. */
export type Labels = Readonly<Record<string, string>>;

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** Throws InvalidOptionError unless `name` is a valid Prometheus metric name. */
export function checkMetricName(name: string): void {
  if (!METRIC_NAME.test(name)) {
    throw new InvalidOptionError(
      'name',
      `expected a metric name matching ${METRIC_NAME.source}, got ${JSON.stringify(name)}`,
    );
  }
}

/** Throws InvalidOptionError unless every label name is valid, not reserved and not repeated. */
export function checkLabelNames(labelNames: readonly string[], reserved: readonly string[] = []): void {
  const seen = new Set<string>();
  for (const label of labelNames) {
    const bad =
      !LABEL_NAME.test(label) || label.startsWith('__') || reserved.includes(label) || seen.has(label);
    if (bad) {
      throw new InvalidOptionError(
        'labelNames',
        `label ${JSON.stringify(label)} must match ${LABEL_NAME.source}, not start with "__", not be reserved (${reserved.join(', ') || 'none'}) and appear once`,
      );
    }
    seen.add(label);
  }
}

/**
 * The series key of a label set: values in `labelNames` order (a missing label is the empty string).
 * Throws InvalidOptionError for a label that the metric does not declare (a programming error).
 */
export function seriesKey(metric: string, labelNames: readonly string[], labels: Labels | undefined): string {
  if (labels === undefined) return '';
  for (const key of Object.keys(labels)) {
    if (!labelNames.includes(key)) {
      throw new InvalidOptionError(
        'labels',
        `metric ${metric} has no label ${JSON.stringify(key)}; declared: ${labelNames.join(', ') || 'none'}`,
      );
    }
  }
  if (labelNames.length === 1) return labels[labelNames[0]!] ?? '';
  return labelNames.map((name) => labels[name] ?? '').join('\u0000');
}

/** The label values of a series key, aligned with `labelNames`. */
export function seriesValues(labelNames: readonly string[], key: string): string[] {
  if (labelNames.length === 0) return [];
  if (labelNames.length === 1) return [key];
  return key.split('\u0000');
}
