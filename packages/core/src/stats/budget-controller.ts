import { checkRange } from './check-range.js';

/** Options of `BudgetController`; only `target` is required. */
export interface BudgetControllerOptions {
  /** Target kept fraction of all units (bytes or spans), in [0, 1]. */
  readonly target: number;
  /** Half-life, in traces, of the windowed sums behind the proportional term and `overBudget` (default 100). */
  readonly window?: number;
  /** Threshold before any feedback (default 3.5, the usual revised Z-score outlier cut-off). */
  readonly initialThreshold?: number;
  /** Integral gain: control-variable change per trace per unit of relative budget error (default 0.05). */
  readonly integralGain?: number;
  /** Proportional gain on the windowed relative budget error (default 0.5). */
  readonly proportionalGain?: number;
}

/** Bound of one trace's relative error fed to the integral term: one huge trace moves `u` by 20 * ki at most. */
const TRACE_ERROR_LIMIT = 20;
/** Bound of the control variable: sinh(±25) ≈ ±3.6e10, past any score, so it keeps nothing or everything. */
const CONTROL_LIMIT = 25;
/** Bound of the windowed relative error fed to the proportional term. */
const WINDOW_ERROR_LIMIT = 2;
/** Clipped-off error is fed back at most at this rate per trace (in optional budgets per trace). */
const MAX_PAYBACK = 0.5;
/** Floor of the optional budget used to normalise errors, as a share of the target (avoids huge gains). */
const MIN_BUDGET_SHARE = 0.05;
/** Half-life of the output calibration sums, in multiples of `window` traces (measured: 1 holds TrainTicket within 4%). */
const CALIBRATION_WINDOWS = 1;
/** Bounds of the calibration factor (units charged per unit written): a bad sizer cannot run away. */
const CALIBRATION_MIN = 0.5;
const CALIBRATION_MAX = 2;

/**
 * Holds the long-run kept fraction of units at `target` by moving the score threshold that optional
 * (non-mandatory) spans must reach. Per trace, the engine calls `threshold()`, keeps mandatory units and
 * the optional ones scoring at least the threshold, then calls `record(kept, total, mandatory)`.
 *
 * Control law (PI in a transformed threshold space). The threshold is `sinh(u + kp * e)`: additive near
 * 0 and multiplicative for large thresholds (d ln(threshold) ≈ du), and defined for scores of any sign.
 * After each trace, with `b` the windowed mean optional budget per trace (target share minus mandatory
 * units, floored at 5% of the target share):
 * - Integral: the trace's error `kept - target * total` (mandatory included, so a mandatory overshoot is
 *   paid back from optional units later) is divided by `b`, clipped to ±20 and added to `u` with gain
 *   `ki`. The clipped-off units (one huge trace) are kept as an excess and fed back into `u` over the
 *   next traces at most 0.5 `b` per trace, so the repayment lowers the optional keep rate by at most half
 *   instead of stopping it. `u` is bounded to ±25 (anti-windup). As `u` and the excess stay bounded, the
 *   cumulative error over the cumulative units tends to 0: the long-run kept fraction converges to the
 *   target whenever the target is reachable.
 * - Proportional: `e` is the windowed relative error `(keptW - target * totalW) / optionalBudgetW` over
 *   sums decayed with a half-life of `window` traces, clamped to ±2; it reacts to drift at once.
 * When the windowed mandatory units alone exceed the target share, `overBudget` is set, the threshold is
 * +Infinity (keep only mandatory) and the integral is frozen: the overshoot of such a period is not
 * paid back afterwards.
 *
 * Deterministic; O(1) time and state. Records with non-finite or negative numbers are ignored and
 * counted in `rejected`; `mandatory` is clamped to `[0, total]` and `kept` to `[mandatory, total]`.
 */
export class BudgetController {
  /** Target kept fraction. */
  readonly target: number;
  /**
   * The target the control law holds the charged units at: `target` times the calibration factor (units
   * charged per unit actually written, see `calibrate`); equal to `target` until `calibrate` is called.
   */
  effectiveTarget: number;
  /** Records ignored for non-finite or negative numbers. */
  rejected = 0;
  /** Traces recorded. */
  records = 0;
  /** Units seen, kept and mandatory, summed over every accepted record. */
  totalUnits = 0;
  /** Units kept (mandatory included), summed over every accepted record. */
  keptUnits = 0;
  /** Mandatory units, summed over every accepted record. */
  mandatoryUnits = 0;
  private readonly ki: number;
  private readonly kp: number;
  private readonly decay: number;
  private readonly paybackTraces: number;
  private control: number;
  private excessUnits = 0;
  private windowTotal = 0;
  private windowKept = 0;
  private windowMandatory = 0;
  private windowTraces = 0;
  private over = false;
  private current: number;
  private readonly calibrationDecay: number;
  private chargedSum = 0;
  private writtenSum = 0;

  /** Creates a controller. Throws `InvalidOptionError` naming the first bad option. */
  constructor(options: BudgetControllerOptions) {
    const {
      target,
      window = 100,
      initialThreshold = 3.5,
      integralGain = 0.05,
      proportionalGain = 0.5,
    } = options;
    checkRange('target', target, 0, 1);
    checkRange('window', window, 1, Number.MAX_SAFE_INTEGER);
    checkRange('initialThreshold', initialThreshold, -1e10, 1e10);
    checkRange('integralGain', integralGain, Number.MIN_VALUE, 10);
    checkRange('proportionalGain', proportionalGain, 0, 10);
    this.target = target;
    this.effectiveTarget = target;
    this.calibrationDecay = 2 ** (-1 / (CALIBRATION_WINDOWS * window));
    this.ki = integralGain;
    this.kp = proportionalGain;
    this.decay = 2 ** (-1 / window);
    this.paybackTraces = window;
    this.control = Math.asinh(initialThreshold);
    this.current = initialThreshold;
  }

  /** Score an optional unit must reach to be kept for the next trace; +Infinity while `overBudget`. */
  threshold(): number {
    return this.current;
  }

  /** True while the windowed mandatory units alone exceed the target share: keep only mandatory units. */
  get overBudget(): boolean {
    return this.over;
  }

  /** Windowed kept fraction (decayed sums, half-life `window` traces); NaN before any units. */
  get recentKeptFraction(): number {
    return this.windowTotal > 0 ? this.windowKept / this.windowTotal : Number.NaN;
  }

  /** Reports one trace: units kept (mandatory included), all units, and mandatory units. */
  record(keptUnits: number, totalUnits: number, mandatoryUnits: number): void {
    if (!isCount(keptUnits) || !isCount(totalUnits) || !isCount(mandatoryUnits)) {
      this.rejected++;
      return;
    }
    this.records++;
    if (totalUnits === 0) return;
    const mandatory = Math.min(mandatoryUnits, totalUnits);
    const kept = Math.min(Math.max(keptUnits, mandatory), totalUnits);
    this.totalUnits += totalUnits;
    this.keptUnits += kept;
    this.mandatoryUnits += mandatory;
    this.updateWindow(kept, totalUnits, mandatory);
    this.over = this.windowMandatory > this.effectiveTarget * this.windowTotal;
    if (!this.over) this.integrate(kept - this.effectiveTarget * totalUnits);
    this.current = this.over
      ? Number.POSITIVE_INFINITY
      : Math.sinh(this.control + this.kp * this.windowError());
  }

  /**
   * Reports what one trace's kept spans cost once written (`writtenUnits`: with the attributes, shape
   * definitions and framing the output adds) against the units `record` was told (`chargedUnits`). The
   * controller then holds charged units at `target` times their decayed ratio (
   * bounded to [0.5, 2], half-life `window` traces), so the written share converges to `target`. Non-finite or negative input is
   * ignored and counted in `rejected`.
   */
  calibrate(writtenUnits: number, chargedUnits: number): void {
    if (!isCount(writtenUnits) || !isCount(chargedUnits)) {
      this.rejected++;
      return;
    }
    const d = this.calibrationDecay;
    this.writtenSum = this.writtenSum * d + writtenUnits;
    this.chargedSum = this.chargedSum * d + chargedUnits;
    if (this.writtenSum <= 0 || this.chargedSum <= 0) return;
    const factor = clamp(this.chargedSum / this.writtenSum, CALIBRATION_MIN, CALIBRATION_MAX);
    this.effectiveTarget = Math.min(1, this.target * factor);
  }

  /** One line describing the configuration, for logs and reports. */
  describe(): string {
    return `budget target=${this.target} ki=${this.ki} kp=${this.kp}`;
  }

  private updateWindow(kept: number, total: number, mandatory: number): void {
    const d = this.decay;
    this.windowTotal = this.windowTotal * d + total;
    this.windowKept = this.windowKept * d + kept;
    this.windowMandatory = this.windowMandatory * d + mandatory;
    this.windowTraces = this.windowTraces * d + 1;
  }

  /** Windowed optional budget, floored so that errors are never divided by (almost) nothing. */
  private budgetScale(): number {
    const share = this.effectiveTarget * this.windowTotal;
    return Math.max(share - this.windowMandatory, MIN_BUDGET_SHARE * share, Number.MIN_VALUE);
  }

  private windowError(): number {
    const e = (this.windowKept - this.effectiveTarget * this.windowTotal) / this.budgetScale();
    return clamp(e, -WINDOW_ERROR_LIMIT, WINDOW_ERROR_LIMIT);
  }

  /**
   * Feeds one trace's budget error (units kept over the target share) to the integral term, relative to
   * the mean optional budget per trace and clipped; the clipped-off units are fed back over later traces.
   */
  private integrate(error: number): void {
    const perTrace = this.budgetScale() / this.windowTraces;
    const relative = clamp(error / perTrace, -TRACE_ERROR_LIMIT, TRACE_ERROR_LIMIT);
    this.excessUnits += error - relative * perTrace;
    const payback = clamp(this.excessUnits / this.paybackTraces / perTrace, -MAX_PAYBACK, MAX_PAYBACK);
    this.excessUnits -= payback * perTrace;
    this.control = clamp(this.control + this.ki * (relative + payback), -CONTROL_LIMIT, CONTROL_LIMIT);
  }
}

function clamp(x: number, min: number, max: number): number {
  return Math.max(min, Math.min(max, x));
}

function isCount(x: number): boolean {
  return x >= 0 && x < Number.POSITIVE_INFINITY;
}
