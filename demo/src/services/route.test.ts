import { describe, expect, it } from 'vitest';
import { matchRoute, type Route } from './route.js';

const route = (method: 'GET' | 'POST', pattern: string): Route => ({
  method,
  pattern,
  handle: async () => pattern,
});
const routes = [
  route('GET', '/users/:userId'),
  route('GET', '/users/:userId/preferences'),
  route('POST', '/orders'),
];

describe('matchRoute', () => {
  it('matches method and pattern and extracts parameters', () => {
    expect(matchRoute(routes, 'GET', '/users/7')?.params).toEqual({ userId: '7' });
    expect(matchRoute(routes, 'GET', '/users/7/preferences')?.route.pattern).toBe(
      '/users/:userId/preferences',
    );
    expect(matchRoute(routes, 'POST', '/orders')?.params).toEqual({});
  });

  it('rejects the wrong method, extra or missing segments', () => {
    expect(matchRoute(routes, 'POST', '/users/7')).toBeUndefined();
    expect(matchRoute(routes, 'GET', '/users')).toBeUndefined();
    expect(matchRoute(routes, 'GET', '/users/7/preferences/x')).toBeUndefined();
    expect(matchRoute(routes, 'DELETE', '/orders')).toBeUndefined();
  });

  it('decodes parameters and ignores repeated slashes', () => {
    expect(matchRoute(routes, 'GET', '//users//a%20b')?.params).toEqual({ userId: 'a b' });
  });

  it('does not throw on a malformed escape (the server replies 404 instead of crashing)', () => {
    expect(matchRoute(routes, 'GET', '/users/%E0%A4%A')).toBeUndefined();
  });
});
