import { Table } from '../database.js';
import type { ServiceDefinition } from '../route.js';
import { busyWait, HttpError } from '../runtime.js';

interface Payment {
  readonly id: number;
  readonly userId: number;
  readonly amount: number;
  readonly score: number;
}
interface LedgerEntry {
  readonly id: number;
  readonly paymentId: number;
  readonly side: 'debit' | 'credit';
}

/** Payment: checks the payer, scores fraud risk, and writes the payment and its double ledger entry. */
export const payment: ServiceDefinition = {
  name: 'payment',
  calls: ['users'],
  routes: (rt) => {
    const payments = new Table<Payment>(rt, 'payments');
    const ledger = new Table<LedgerEntry>(rt, 'ledger');
    let nextId = 1;
    return [
      {
        method: 'POST',
        pattern: '/charge',
        handle: async ({ body }) => {
          const charge = body as { userId?: number; amount?: number } | undefined;
          if (typeof charge?.userId !== 'number') throw new HttpError(400, 'bad charge');
          await rt.call('users', 'GET', `/users/${charge.userId}`);
          const score = rt.tracer.startActiveSpan('fraud score', (span) => {
            busyWait(0.3 + rt.random() * 0.4);
            const value = Math.round(rt.random() * 100);
            span.setAttribute('fraud.score', value);
            span.end();
            return value;
          });
          const paid = await payments.insert({
            id: nextId++,
            userId: charge.userId,
            amount: charge.amount ?? 0,
            score,
          });
          await rt.tracer.startActiveSpan('ledger write', async (span) => {
            await ledger.insert({ id: nextId++, paymentId: paid.id, side: 'debit' });
            await ledger.insert({ id: nextId++, paymentId: paid.id, side: 'credit' });
            span.end();
          });
          return { paymentId: paid.id, approved: score < 95 };
        },
      },
    ];
  },
};
