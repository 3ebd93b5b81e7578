import { trace } from '@opentelemetry/api';
import type { Order, OrderRepository } from './db.js';
import { charge as pay, refund } from './index.js';

const tracer = trace.getTracer('orders');

function validate(order: Order): boolean {
  return order.total > 0;
}

export class OrderService {
  constructor(private readonly repo: OrderRepository) {}

  async get(id: string): Promise<Order | undefined> {
    return this.repo.find(id);
  }

  async checkout(order: Order, items: string[]): Promise<string> {
    const ok = tracer.startActiveSpan('orders.validate', (span) => {
      const valid = validate(order);
      span.end();
      return valid;
    });
    if (!ok) throw new Error('invalid order');
    for (const item of items) {
      await this.reserve(item);
    }
    try {
      await pay(order.id, order.total);
      await this.repo.save(order);
    } catch (error) {
      await refund(order.id);
      throw error;
    } finally {
      this.audit(order);
    }
    return order.id;
  }

  private async reserve(item: string): Promise<void> {
    if (item === '') throw new Error('empty item');
  }

  private audit(order: Order): void {
    if (order.total > 1000) this.flag(order);
  }

  private flag(_order: Order): void {}
}
