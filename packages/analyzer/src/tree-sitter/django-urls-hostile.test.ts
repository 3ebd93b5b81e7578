import { describe, expect, it } from 'vitest';
import { analyzeProject } from '../../test/project.js';
import { MAX_DJANGO_ROUTES } from './django-urls.js';

const APP = {
  'app/__init__.py': '',
  'app/views.py': 'def home(request):\n    return None\n',
};

/** Names a0..a{levels-1}, each assigned `times` times to the next: `times^levels` paths to one list. */
function chainedNames(levels: number, times: number): string {
  let s = 'from django.urls import path\nfrom app import views\nurlpatterns = a0\n';
  for (let l = 0; l < levels; l++) s += `a${l} = a${l + 1}\n`.repeat(times);
  return `${s}a${levels} = [path('x/', views.home)]\n`;
}

/** `count` confs, each including the next under `a/` and `b/`: 2^(count-1) routes. */
function doublingConfs(count: number): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < count; i++) {
    const next =
      i + 1 < count
        ? `path('a/', include('app.u${i + 1}')), path('b/', include('app.u${i + 1}'))`
        : `path('x/', views.home)`;
    out[`app/u${i}.py`] =
      `from django.urls import path, include\nfrom app import views\nurlpatterns = [${next}]\n`;
  }
  return out;
}

function routeNames(spans: Record<string, unknown>): string[] {
  return Object.keys(spans).filter((n) => n.startsWith('GET '));
}

describe('Django URL confs (hostile)', () => {
  it('expands a name assigned 3 times to the next, 12 deep (3^12 paths), once per name', async () => {
    const started = performance.now();
    const { config, problems } = await analyzeProject({ ...APP, 'app/urls.py': chainedNames(12, 3) });
    expect(routeNames(config.spans)).toEqual(['GET x/']);
    expect(problems).toEqual([]);
    expect(performance.now() - started).toBeLessThan(10_000);
  });

  it('stops 16 confs including each other twice (2^15 routes) at the route limit and reports it', async () => {
    const started = performance.now();
    const { config, problems } = await analyzeProject({ ...APP, ...doublingConfs(16) });
    const routes = routeNames(config.spans);
    expect(routes.length).toBeGreaterThan(1000);
    expect(routes.length).toBeLessThanOrEqual(MAX_DJANGO_ROUTES);
    expect(routes).toContain(`GET ${'a/'.repeat(15)}x/`);
    expect(problems).toEqual([expect.objectContaining({ code: 'too-complex', file: 'app/u0.py' })]);
    expect(performance.now() - started).toBeLessThan(20_000);
  });

  it('keeps every route of 10 doubling confs (512 routes, under the limit) without a problem', async () => {
    const { config, problems } = await analyzeProject({ ...APP, ...doublingConfs(10) });
    expect(routeNames(config.spans)).toHaveLength(512);
    expect(problems).toEqual([]);
  });
});
