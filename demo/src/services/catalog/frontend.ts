import type { ServiceDefinition } from '../route.js';
import { busyWait, HttpError, type ServiceRuntime } from '../runtime.js';

/** The edge service: pages that fan out to the others. */
export const frontend: ServiceDefinition = {
  name: 'frontend',
  calls: ['users', 'recommendations', 'inventory', 'orders'],
  routes: (rt) => [
    {
      method: 'GET',
      pattern: '/home/:userId',
      handle: async ({ params }) => {
        const [user, recommendations] = await Promise.all([
          rt.call('users', 'GET', `/users/${params.userId}`),
          rt.call('recommendations', 'GET', `/recommendations/${params.userId}`),
        ]);
        return renderPage(rt, 'home', { user, recommendations });
      },
    },
    {
      method: 'GET',
      pattern: '/product/:productId',
      handle: async ({ params }) => {
        const stock = await rt.call('inventory', 'GET', `/stock/${params.productId}`);
        const similar = await rt.call('recommendations', 'GET', `/similar/${params.productId}`);
        return renderPage(rt, 'product', { stock, similar });
      },
    },
    {
      method: 'POST',
      pattern: '/checkout',
      handle: async ({ body }) => {
        const order = body as { userId?: number; items?: unknown[] } | undefined;
        if (order?.userId === undefined || !Array.isArray(order.items)) throw new HttpError(400, 'bad order');
        await rt.call('users', 'GET', `/users/${order.userId}`);
        const placed = await rt.call('orders', 'POST', '/orders', order);
        return renderPage(rt, 'confirmation', placed);
      },
    },
    {
      method: 'GET',
      pattern: '/account/:userId/orders',
      handle: async ({ params }) => {
        const history = await rt.call('orders', 'GET', `/orders/user/${params.userId}`);
        return renderPage(rt, 'orders', history);
      },
    },
  ],
};

function renderPage(rt: ServiceRuntime, page: string, data: unknown): Promise<unknown> {
  return rt.tracer.startActiveSpan('render page', { attributes: { 'page.name': page } }, async (span) => {
    busyWait(0.2);
    const html = `<main data-page="${page}">${JSON.stringify(data).length}</main>`;
    span.end();
    return { page, bytes: html.length, data };
  });
}
