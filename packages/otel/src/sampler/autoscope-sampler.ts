import {
  type AutoscopeConfig,
  compileSpanRules,
  type SpanRuleLookup,
  UNKNOWN_SERVICE,
} from '@autoscope/core';
import { type Attributes, type Context, isSpanContextValid, type SpanKind, trace } from '@opentelemetry/api';
import { type Sampler, SamplingDecision, type SamplingResult } from '@opentelemetry/sdk-trace-base';
import { startError } from './start-error.js';

/** Options of `AutoscopeSampler`. */
export interface AutoscopeSamplerOptions {
  /** This service's name, for rules that name a service (default: rules without a service only). */
  readonly service?: string;
  /** Decision for spans no rule names (default true: sampled, as in the seed document). */
  readonly sampleUnknown?: boolean;
}

const SAMPLED = 1;
const NOT_RECORD: SamplingResult = Object.freeze({ decision: SamplingDecision.NOT_RECORD });
const SAMPLED_PLAIN: SamplingResult = Object.freeze({ decision: SamplingDecision.RECORD_AND_SAMPLED });

/**
 * The seed document's head-time sampler, driven by the analyzer's configuration: a span whose rule says
 * `sample: false` is dropped at start, a sampled span that a rule names carries `autoscope.priority` and
 * `autoscope.reason`, and start attributes that already show a failure (HTTP 5xx, gRPC error, error
 * attributes) override a drop (`autoscope.reason` = `error_override: ...`).
 *
 * It never orphans a descendant, because the decision inherits downwards: a span whose parent (local or
 * remote) was not sampled is not recorded either, so a dropped span takes its whole subtree with it. Only
 * a span whose parent was sampled, or a root, is decided by the configuration. Spans that must survive a
 * dropped parent need span-level sampling after the fact: use `AutoscopeSpanProcessor`, which decides
 * when spans end and re-parents what it keeps.
 */
export class AutoscopeSampler implements Sampler {
  private rules: SpanRuleLookup;
  private threshold: number;
  private readonly service: string;
  private readonly sampleUnknown: boolean;
  private readonly results = new Map<string, SamplingResult>();

  constructor(config: AutoscopeConfig, options: AutoscopeSamplerOptions = {}) {
    this.rules = compileSpanRules(config);
    this.threshold = config.threshold;
    this.service = options.service ?? UNKNOWN_SERVICE;
    this.sampleUnknown = options.sampleUnknown ?? true;
  }

  /** Replaces the configuration (e.g. from `watchConfigFile`); later spans use it. */
  setConfig(config: AutoscopeConfig): void {
    this.rules = compileSpanRules(config);
    this.threshold = config.threshold;
    this.results.clear();
  }

  shouldSample(
    context: Context,
    _traceId: string,
    spanName: string,
    _spanKind: SpanKind,
    attributes: Attributes,
  ): SamplingResult {
    const parent = trace.getSpanContext(context);
    if (parent !== undefined && isSpanContextValid(parent) && (parent.traceFlags & SAMPLED) === 0)
      return NOT_RECORD;
    const byRule = this.byRule(spanName);
    if (byRule.decision !== SamplingDecision.NOT_RECORD) return byRule;
    const error = startError(attributes);
    if (error === undefined) return NOT_RECORD;
    return {
      decision: SamplingDecision.RECORD_AND_SAMPLED,
      attributes: { 'autoscope.priority': 1, 'autoscope.reason': `error_override: ${error}` },
    };
  }

  toString(): string {
    return `AutoscopeSampler{threshold=${this.threshold}, service=${this.service}}`;
  }

  private byRule(spanName: string): SamplingResult {
    let result = this.results.get(spanName);
    if (result !== undefined) return result;
    const rule = this.rules(this.service, spanName);
    if (rule === undefined) result = this.sampleUnknown ? SAMPLED_PLAIN : NOT_RECORD;
    else if (!rule.sample) result = NOT_RECORD;
    else {
      const attributes = Object.freeze({
        'autoscope.priority': rule.priority,
        'autoscope.reason': rule.reason,
      });
      result = Object.freeze({ decision: SamplingDecision.RECORD_AND_SAMPLED, attributes });
    }
    if (this.results.size >= 4096) this.results.clear();
    this.results.set(spanName, result);
    return result;
  }
}
