/** @autoscope/analyzer: static analysis of service code into an Autoscope configuration. */
export type { AnalyzeOptions, AnalyzeResult } from './analyze.js';
export { ANALYZER_VERSION, analyze, sourceHash } from './analyze.js';
export type { LanguageChoice } from './files.js';
export type { Importance, ImportanceWeights } from './importance.js';
export { DEFAULT_WEIGHTS, importanceOf } from './importance.js';
export type { DriftReport } from './learn.js';
export { learn } from './learn.js';
export type { FileProblem, FrontEnd, FunctionIR, Language } from './model.js';
