import { describe, expect, it } from 'vitest';
import { routeOf } from './setup.js';

describe('routeOf', () => {
  it('replaces numeric path segments and drops the query', () => {
    expect(routeOf('/users/17/preferences?x=1')).toBe('/users/{id}/preferences');
    expect(routeOf('/stock/5')).toBe('/stock/{id}');
    expect(routeOf('/orders')).toBe('/orders');
    expect(routeOf('/v2/items')).toBe('/v2/items');
  });
});
