import { KeptShareMethod } from './kept-share.js';
import { LatencyAnomalyMethod } from './latency-anomaly.js';
import type { RcaMethod } from './method.js';
import { SpectrumMethod } from './spectrum.js';

/** Every RCA method the evaluation runs, in report order, with default options. */
export const RCA_METHODS: readonly RcaMethod[] = Object.freeze([
  new LatencyAnomalyMethod(),
  new SpectrumMethod({ formula: 'ochiai' }),
  new SpectrumMethod({ formula: 'dstar' }),
  new KeptShareMethod(),
]);
