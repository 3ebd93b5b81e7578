import Redis from 'ioredis';
import { Pool } from 'pg';

export const pool = new Pool({ connectionString: process.env.DATABASE_URL });
const cache = new Redis();

export interface Order {
  id: string;
  total: number;
}

export class OrderRepository {
  async find(id: string): Promise<Order | undefined> {
    const cached = await cache.get(`order:${id}`);
    if (cached) return JSON.parse(cached) as Order;
    const result = await pool.query('SELECT * FROM orders WHERE id = $1', [id]);
    return result.rows[0];
  }

  async save(order: Order): Promise<void> {
    await pool.query('INSERT INTO orders VALUES ($1, $2)', [order.id, order.total]);
  }
}
