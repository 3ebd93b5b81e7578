import axios from 'axios';

export async function charge(orderId: string, amount: number): Promise<boolean> {
  const response = await axios.post('https://payments.internal/charge', { orderId, amount });
  return response.status === 200;
}

export async function refund(orderId: string): Promise<void> {
  await fetch(`https://payments.internal/refund/${orderId}`, { method: 'POST' });
}
