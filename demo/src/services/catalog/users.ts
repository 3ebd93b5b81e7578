import { Cache } from '../cache.js';
import { Table } from '../database.js';
import type { ServiceDefinition } from '../route.js';
import { HttpError } from '../runtime.js';

interface User {
  readonly id: number;
  readonly name: string;
  readonly tier: 'free' | 'plus';
}
interface Preference {
  readonly id: number;
  readonly userId: number;
  readonly category: number;
}

/** Users: profiles behind a cache, and preferences straight from the database. */
export const users: ServiceDefinition = {
  name: 'users',
  calls: [],
  routes: (rt) => {
    const seedUsers: User[] = [];
    const seedPrefs: Preference[] = [];
    for (let id = 1; id <= 50; id++) {
      seedUsers.push({ id, name: `user-${id}`, tier: id % 5 === 0 ? 'plus' : 'free' });
      seedPrefs.push({ id, userId: id, category: id % 8 });
    }
    const profiles = new Table(rt, 'users', seedUsers);
    const preferences = new Table(rt, 'preferences', seedPrefs);
    const cache = new Cache<User | undefined>(rt, 'users', 2_000);
    return [
      {
        method: 'GET',
        pattern: '/users/:userId',
        handle: async ({ params }) => {
          const user = await cache.get(`user:${params.userId}`, () => profiles.get(Number(params.userId)));
          if (user === undefined) throw new HttpError(404, 'no such user');
          return user;
        },
      },
      {
        method: 'GET',
        pattern: '/users/:userId/preferences',
        handle: async ({ params }) => {
          const found = await preferences.where('userId', Number(params.userId), 5);
          return { category: found[0]?.category ?? 0 };
        },
      },
    ];
  },
};
