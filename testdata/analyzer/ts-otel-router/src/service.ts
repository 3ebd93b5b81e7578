import type { Tracer } from '@opentelemetry/api';
import type { Route } from './router.js';
import { audit, Bucket, Collection } from './store.js';

/** The service's routes, as a table of route objects. */
export function routes(tracer: Tracer, bucketName: string): Route[] {
  const items = new Collection(tracer, 'items');
  const carts = new Collection(tracer, 'carts');
  const kv = new Bucket(tracer, bucketName);
  return [
    {
      method: 'GET',
      path: '/items/:id',
      run: async ({ id }) => {
        if (kv.get(`item:${id}`) !== undefined) return 'cached';
        return items.find(id ?? '');
      },
    },
    {
      method: 'POST',
      path: '/carts',
      run: async () => {
        const price = tracer.startActiveSpan('price check', (span) => {
          span.end();
          return 3;
        });
        audit(tracer, 'login');
        return carts.save({ price });
      },
    },
  ];
}
