import type { ServiceDefinition } from '../route.js';
import { frontend } from './frontend.js';
import { inventory } from './inventory.js';
import { orders } from './orders.js';
import { payment } from './payment.js';
import { recommendations } from './recommendations.js';
import { users } from './users.js';

/** Every demo service; `frontend` is the one the load generator calls. */
export const SERVICES: readonly ServiceDefinition[] = [
  frontend,
  orders,
  payment,
  inventory,
  users,
  recommendations,
];

/** The definition of a service by name. */
export function serviceDefinition(name: string): ServiceDefinition | undefined {
  return SERVICES.find((s) => s.name === name);
}
