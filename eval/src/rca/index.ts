export type { RcaCollector, RcaMethod } from './method.js';
export { RCA_METHODS } from './registry.js';
export { type RankedCase, scoreRanks } from './score.js';
