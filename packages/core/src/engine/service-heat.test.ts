import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type HeatHolder, ServiceHeat } from './service-heat.js';

const options = { halfLifeSeconds: 20, hotRatio: 3, hotMinFraction: 0.15, holdSeconds: 60 };

const SERVICES = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'];

/** `seconds` of traffic, one observation per second per service; `bad` services are 80% anomalous. */
function feed(heat: ServiceHeat, from: number, seconds: number, bad: readonly string[], calm = 0.05) {
  for (let t = from; t < from + seconds; t++) {
    for (const service of SERVICES) {
      heat.observe(service, bad.includes(service) ? 8 : calm * 10, 10, t);
    }
  }
}

describe('ServiceHeat', () => {
  it('turns the one misbehaving instance hot and leaves the others alone', () => {
    const heat = new ServiceHeat(options);
    feed(heat, 0, 600, []);
    expect(heat.hotServices(600)).toEqual([]);
    feed(heat, 600, 30, ['c']);
    expect(heat.hotServices(630)).toEqual(['c']);
    expect(heat.heatAround('c', 630, 0)).toBeGreaterThan(0.5);
  });

  it('covers traces from up to `lookback` seconds before the episode started, and holds after it', () => {
    const heat = new ServiceHeat(options);
    feed(heat, 0, 600, []);
    feed(heat, 600, 30, ['c']);
    const started = [...Array(30).keys()].map((k) => 600 + k).find((t) => heat.isHotAround('c', t, 0));
    expect(started).toBeDefined();
    expect(heat.isHotAround('c', started! - 20, 0)).toBe(false);
    expect(heat.isHotAround('c', started! - 20, 30)).toBe(true);
    expect(heat.isHotAround('c', started! - 40, 30)).toBe(false);
    feed(heat, 630, 300, []);
    expect(heat.isHotAround('c', 700, 0)).toBe(true);
    expect(heat.isHotAround('c', 930, 0)).toBe(false);
  });

  it('stays hot while an instance keeps misbehaving for long, because its peers do not', () => {
    const heat = new ServiceHeat(options);
    feed(heat, 0, 3000, ['d'], 0.1);
    // Its own baseline caught up long ago; the other instances' share keeps it hot.
    expect(heat.hotServices(3000)).toEqual(['d']);
  });

  it('does not turn hot when every instance misbehaves alike (load, a shared dependency)', () => {
    const heat = new ServiceHeat(options);
    feed(heat, 0, 3000, SERVICES);
    expect(heat.hotServices(3000)).toEqual([]);
  });

  it('tracks at most maxServices sources and forgets the least recently observed ones first', () => {
    const heat = new ServiceHeat({ ...options, maxServices: 100 });
    // 'c' misbehaves and is observed every second, among a stream of ever-new short-lived sources.
    for (let t = 0; t < 600; t++) heat.observe('c', 0.5, 10, t);
    for (let t = 600; t < 660; t++) {
      heat.observe('c', 8, 10, t);
      for (let k = 0; k < 50; k++) heat.observe(`pod-${t}-${k}`, 0.5, 10, t);
    }
    const hot = heat.hotServices(660);
    expect(hot).toContain('c');
    // 3,000 sources came and went; only the last ones (at most 100 in all) are still tracked.
    expect(heat.isHot('pod-600-0', 660)).toBe(false);
    expect((heat as unknown as { services: Map<string, unknown> }).services.size).toBeLessThanOrEqual(100);
  });

  it('gives the same heat through cached records (holders) as by name, across evictions', () => {
    // Services 0-2 are mostly anomalous (they turn hot), the others calm; at most 4 are remembered.
    const step = fc.tuple(fc.nat(11), fc.nat(1), fc.integer({ min: 0, max: 2 }));
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 400 }), (steps) => {
        const options = {
          halfLifeSeconds: 5,
          hotRatio: 3,
          hotMinFraction: 0.15,
          holdSeconds: 10,
          maxServices: 4,
        };
        const byName = new ServiceHeat(options);
        const byHolder = new ServiceHeat(options);
        const holders: HeatHolder[] = Array.from({ length: 12 }, (_, k) => ({
          key: `svc-${k}`,
          heat: undefined,
        }));
        let now = 0;
        for (const [k, calm, dt] of steps) {
          now += dt;
          const holder = holders[k]!;
          const anomalous = k < 3 ? 9 : calm;
          byName.observe(holder.key, anomalous, 10, now);
          byHolder.observeSource(holder, anomalous, 10, now);
          expect(byHolder.hotServices(now)).toEqual(byName.hotServices(now));
          for (const other of holders) {
            expect(byHolder.heatAroundSource(other, now, 3)).toBe(byName.heatAround(other.key, now, 3));
          }
        }
      }),
      { numRuns: 150, seed: 8 },
    );
  });
});
