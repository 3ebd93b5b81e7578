import { describe, expect, it } from 'vitest';
import { parseConfig } from './parse.js';
import { compileSpanRules, NORMAL_PRIORITY } from './span-rules.js';

const config = parseConfig(
  {
    version: '1.0',
    threshold: 0.5,
    spans: {
      handle: { sample: true, priority: 0.8, reason: 'error_handling' },
      cheap: { priority: 0.2 },
      'GET /users/*': { priority: 0.6, reason: 'route' },
      billed: { priority: 0.4, service: 'billing' },
      forced: { priority: 0.1, sample: true },
    },
    overrides: [
      { match: 'payment_*', priority: 'critical' },
      { match: 'cache_lookup', priority: 'normal' },
      { match: 'handle', service: 'legacy-*', priority: 0.2 },
      { match: 'payment_refund', service: 'ops', priority: 0.55 },
    ],
  },
  'rules.json',
);
const lookup = compileSpanRules(config);

describe('compileSpanRules', () => {
  it('uses spans entries with threshold-derived sample flags', () => {
    expect(lookup('svc', 'handle')).toEqual({
      priority: 0.8,
      critical: false,
      sample: true,
      reason: 'error_handling',
    });
    expect(lookup('svc', 'cheap')).toEqual({
      priority: 0.2,
      critical: false,
      sample: false,
      reason: 'low_priority',
    });
    expect(lookup('svc', 'forced')?.sample).toBe(true);
  });

  it('matches glob keys and returns undefined for unknown spans', () => {
    expect(lookup('svc', 'GET /users/42')?.priority).toBe(0.6);
    expect(lookup('svc', 'GET /orders/42')).toBeUndefined();
  });

  it('lets overrides take precedence, exact names before globs', () => {
    expect(lookup('svc', 'payment_capture')).toMatchObject({ priority: 1, critical: true, sample: true });
    expect(lookup('ops', 'payment_refund')).toMatchObject({ priority: 0.55, critical: false, sample: true });
    expect(lookup('web', 'payment_refund')?.critical).toBe(true);
    expect(lookup('svc', 'cache_lookup')).toMatchObject({ priority: NORMAL_PRIORITY, sample: false });
  });

  it('applies service-scoped entries only to their service', () => {
    expect(lookup('legacy-eu', 'handle')?.priority).toBe(0.2);
    expect(lookup('billing', 'billed')?.priority).toBe(0.4);
    expect(lookup('other', 'billed')).toBeUndefined();
  });

  it('answers the same after its cache fills', () => {
    for (let i = 0; i < 10_000; i++) lookup('svc', `span-${i}`);
    expect(lookup('svc', 'handle')?.priority).toBe(0.8);
  });
});
