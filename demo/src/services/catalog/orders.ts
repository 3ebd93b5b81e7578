import { Table } from '../database.js';
import type { ServiceDefinition } from '../route.js';
import { HttpError, type ServiceRuntime } from '../runtime.js';

interface Order {
  readonly id: number;
  readonly userId: number;
  readonly total: number;
}
interface OrderItem {
  readonly id: number;
  readonly orderId: number;
  readonly productId: number;
  readonly quantity: number;
}
interface OrderLine {
  readonly productId: number;
  readonly quantity: number;
}

/** Orders: places orders (inventory, payment) and lists a user's orders (one query per order: N+1). */
export const orders: ServiceDefinition = {
  name: 'orders',
  calls: ['inventory', 'payment'],
  routes: (rt) => {
    const { orderTable, itemTable } = seedOrders(rt);
    let nextId = 10_000;
    return [
      {
        method: 'POST',
        pattern: '/orders',
        handle: async ({ body }) => {
          const { userId, items } = parseOrder(body);
          await rt.call('inventory', 'POST', '/reserve', { items });
          const total = items.reduce((sum, line) => sum + line.quantity * 10, 0);
          const payment = await rt.call('payment', 'POST', '/charge', { userId, amount: total });
          const order = await orderTable.insert({ id: nextId++, userId, total });
          for (const line of items) await itemTable.insert({ id: nextId++, orderId: order.id, ...line });
          return { order, payment };
        },
      },
      {
        method: 'GET',
        pattern: '/orders/user/:userId',
        handle: async ({ params }) => {
          const list = await orderTable.where('userId', Number(params.userId), 6);
          const out = [];
          for (const order of list)
            out.push({ order, items: await itemTable.where('orderId', order.id, 10) });
          return out;
        },
      },
    ];
  },
};

function parseOrder(body: unknown): { userId: number; items: OrderLine[] } {
  const order = body as { userId?: unknown; items?: unknown } | undefined;
  if (typeof order?.userId !== 'number' || !Array.isArray(order.items)) throw new HttpError(400, 'bad order');
  const items = (order.items as OrderLine[]).filter((l) => typeof l?.productId === 'number');
  return { userId: order.userId, items };
}

function seedOrders(rt: ServiceRuntime) {
  const seedOrders: Order[] = [];
  const seedItems: OrderItem[] = [];
  for (let id = 1; id <= 300; id++) {
    seedOrders.push({ id, userId: 1 + (id % 50), total: 10 + (id % 90) });
    for (let k = 0; k < 1 + (id % 4); k++) {
      seedItems.push({ id: id * 10 + k, orderId: id, productId: 1 + ((id * 7 + k) % 200), quantity: 1 + k });
    }
  }
  return {
    orderTable: new Table(rt, 'orders', seedOrders),
    itemTable: new Table(rt, 'order_items', seedItems),
  };
}
