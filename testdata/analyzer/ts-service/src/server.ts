import express from 'express';
import { OrderRepository } from './db.js';
import { OrderService } from './orders.js';

const app = express();
const service = new OrderService(new OrderRepository());

async function listOrders(_req: express.Request, res: express.Response): Promise<void> {
  res.json([]);
}

app.get('/orders', listOrders);

app.get('/orders/:id', async (req, res) => {
  const order = await service.get(req.params.id);
  if (order === undefined) {
    res.status(404).end();
    return;
  }
  res.json(order);
});

app.post('/orders', async (req, res) => {
  const id = await service.checkout(req.body, req.body.items ?? []);
  res.status(201).json({ id });
});

app.listen(3000);
