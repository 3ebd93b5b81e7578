import { Cache } from '../cache.js';
import { Table } from '../database.js';
import type { ServiceDefinition } from '../route.js';
import { HttpError } from '../runtime.js';

interface Stock {
  readonly id: number;
  readonly available: number;
  readonly reserved: number;
}

/** Inventory: stock lookups behind a cache, and reservations (one read and one write per line). */
export const inventory: ServiceDefinition = {
  name: 'inventory',
  calls: [],
  routes: (rt) => {
    const seed: Stock[] = [];
    for (let id = 1; id <= 200; id++) seed.push({ id, available: 1_000_000, reserved: 0 });
    const stock = new Table(rt, 'stock', seed);
    const cache = new Cache<Stock | undefined>(rt, 'stock', 1_500);
    return [
      {
        method: 'GET',
        pattern: '/stock/:productId',
        handle: async ({ params }) => {
          const row = await cache.get(`stock:${params.productId}`, () => stock.get(Number(params.productId)));
          if (row === undefined) throw new HttpError(404, 'no such product');
          return row;
        },
      },
      {
        method: 'POST',
        pattern: '/reserve',
        handle: async ({ body }) => {
          const items = ((body as { items?: unknown[] } | undefined)?.items ?? []) as {
            productId: number;
            quantity: number;
          }[];
          const reserved = [];
          for (const line of items) {
            const row = await stock.get(line.productId);
            if (row === undefined || row.available < line.quantity) throw new HttpError(409, 'out of stock');
            const take = (s: Stock) => ({
              ...s,
              available: s.available - line.quantity,
              reserved: s.reserved + line.quantity,
            });
            reserved.push(await stock.update(line.productId, take));
          }
          return { reserved: reserved.length };
        },
      },
    ];
  },
};
