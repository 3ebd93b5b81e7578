import { Cache } from '../cache.js';
import { Table } from '../database.js';
import type { ServiceDefinition } from '../route.js';
import { busyWait, HttpError, type ServiceRuntime } from '../runtime.js';

interface Product {
  readonly id: number;
  readonly category: number;
  readonly popularity: number;
}

/** Recommendations: ranks products of a user's favourite category, and finds similar products. */
export const recommendations: ServiceDefinition = {
  name: 'recommendations',
  calls: ['users'],
  routes: (rt) => {
    const seed: Product[] = [];
    for (let id = 1; id <= 200; id++) seed.push({ id, category: id % 8, popularity: (id * 37) % 101 });
    const products = new Table(rt, 'products', seed);
    const cache = new Cache<number[]>(rt, 'recommendations', 3_000);
    return [
      {
        method: 'GET',
        pattern: '/recommendations/:userId',
        handle: async ({ params }) => {
          const prefs = (await rt.call('users', 'GET', `/users/${params.userId}/preferences`)) as {
            category: number;
          };
          return cache.get(`recs:${params.userId}`, async () =>
            rank(rt, await products.where('category', prefs.category, 30)),
          );
        },
      },
      {
        method: 'GET',
        pattern: '/similar/:productId',
        handle: async ({ params }) => {
          const product = await products.get(Number(params.productId));
          if (product === undefined) throw new HttpError(404, 'no such product');
          return rank(rt, await products.where('category', product.category, 10));
        },
      },
    ];
  },
};

function rank(rt: ServiceRuntime, candidates: readonly Product[]): number[] {
  return rt.tracer.startActiveSpan('rank products', (span) => {
    busyWait(0.1 * candidates.length * 0.1 + 0.2);
    span.setAttribute('candidates', candidates.length);
    span.end();
    return [...candidates]
      .sort((a, b) => b.popularity - a.popularity)
      .slice(0, 5)
      .map((p) => p.id);
  });
}
