import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EvalReport } from '../../results.js';
import { renderHtmlReport } from '../render.js';
import { buildEvalReport, FIXTURE_BUDGETS, FIXTURE_FAULT_TYPES, FIXTURE_SAMPLERS } from './fixture.js';

const CHROMIUM = process.env.AUTOSCOPE_CHROMIUM ?? '/usr/bin/chromium';
const HAS_CHROMIUM = existsSync(CHROMIUM);
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const EVIL = '<script>window.__pwned=1</script>';

if (!HAS_CHROMIUM) {
  console.warn(`report browser test skipped: no Chromium at ${CHROMIUM} (apt-get install -y chromium)`);
}

/** The fixture report with a hostile service name in the example trace and a hostile dataset name. */
function hostileFixture(): EvalReport {
  const report = buildEvalReport({ dataset: `traces ${EVIL}` });
  const example = report.example!;
  const before = example.before.map((s, i) => (i === 1 ? { ...s, service: EVIL } : s));
  return { ...report, example: { ...example, before } };
}

interface Box {
  readonly width: number;
  readonly height: number;
}

/** The browser's window, typed here because the tests compile without the DOM library. */
interface BrowserGlobal {
  readonly __pwned?: number;
  readonly document: { readonly scripts: { readonly length: number } };
  getComputedStyle(element: unknown): Readonly<Record<string, string>>;
}

async function styles(page: Page, selector: string, property: string): Promise<string[]> {
  return page.$$eval(
    selector,
    (els, prop) => els.map((e) => (globalThis as unknown as BrowserGlobal).getComputedStyle(e)[prop] ?? ''),
    property,
  );
}

async function boxes(page: Page, selector: string): Promise<Box[]> {
  return page.$$eval(selector, (els) =>
    els.map((el) => {
      const r = el.getBoundingClientRect();
      return { width: r.width, height: r.height };
    }),
  );
}

describe.skipIf(!HAS_CHROMIUM)(`HTML report in headless Chromium (${CHROMIUM})`, () => {
  const report = hostileFixture();
  const problems: string[] = [];
  const requests: string[] = [];
  let dir = '';
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'autoscope-report-'));
    const file = join(dir, 'report.html');
    await writeFile(file, renderHtmlReport(report));
    context = await chromium.launchPersistentContext(join(dir, 'profile'), {
      executablePath: CHROMIUM,
      headless: true,
      args: ARGS,
      viewport: { width: 1320, height: 900 },
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  }, 30_000);

  afterAll(async () => {
    await context?.close();
    if (dir && !process.env.AUTOSCOPE_KEEP_REPORT) await rm(dir, { recursive: true, force: true });
    else if (dir) console.info(`report and screenshot kept in ${dir}`);
  });

  it('loads offline: one request (the file itself), no console errors, no script ran', async () => {
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatch(/^file:/);
    expect(problems).toEqual([]);
    expect(await page.evaluate(() => (globalThis as unknown as BrowserGlobal).__pwned)).toBeUndefined();
    expect(await page.evaluate(() => (globalThis as unknown as BrowserGlobal).document.scripts.length)).toBe(
      0,
    );
    expect(await page.textContent('h1')).toContain(EVIL);
    expect(await page.textContent('#waterfall-before')).toContain('<script>');
  });

  it('draws every chart with a non-zero size', async () => {
    const charts = await boxes(page, 'svg.chart');
    expect(charts).toHaveLength(5);
    for (const box of charts) expect(box.width * box.height).toBeGreaterThan(10_000);
  });

  it('draws one visible curve per sampler in each line chart, a marker per sweep point', async () => {
    const curves = await boxes(page, 'svg.line-chart path.curve');
    expect(curves).toHaveLength(2 * FIXTURE_SAMPLERS.length);
    for (const box of curves) expect(box.width).toBeGreaterThan(20);
    expect(await boxes(page, 'svg.line-chart circle.marker')).toHaveLength(
      2 * FIXTURE_SAMPLERS.length * FIXTURE_BUDGETS.length,
    );
    const legend = await page.$$eval('#chart-coverage .legend text', (els) => els.map((e) => e.textContent));
    expect(legend).toHaveLength(FIXTURE_SAMPLERS.length);
  });

  it('places the two curve charts side by side on a wide screen', async () => {
    const tops = await page.$$eval('.charts svg', (els) => els.map((e) => e.getBoundingClientRect().top));
    expect(tops).toHaveLength(2);
    expect(tops[0]).toBe(tops[1]);
  });

  it('draws per-fault-type bars whose lengths match the coverage', async () => {
    const types = Object.keys(FIXTURE_FAULT_TYPES);
    expect(await boxes(page, 'rect.bar')).toHaveLength(types.length * FIXTURE_SAMPLERS.length);
    const ratio = await page.$eval('[data-fault-type="cpu"] [data-sampler="autoscope"]', (g) => {
      const bar = g.querySelector('rect.bar')!.getBoundingClientRect().width;
      return bar / g.querySelector('rect.track')!.getBoundingClientRect().width;
    });
    const expected = report.results.find((r) => r.sampler === 'autoscope')!.faultyCoverageByType.cpu!
      .coverage;
    expect(ratio).toBeCloseTo(expected, 2);
  });

  it('shows the results table with a row per sampler and Autoscope highlighted', async () => {
    expect(await page.$$eval('table.results tbody tr', (rows) => rows.length)).toBe(FIXTURE_SAMPLERS.length);
    const [ours, other] = await styles(page, 'table.results tbody tr', 'backgroundColor');
    expect(ours).not.toBe(other);
  });

  it('draws the example trace before and after, faulty spans coloured, dropped spans as outlines', async () => {
    const example = report.example!;
    const before = await boxes(page, '#waterfall-before rect.span');
    expect(before).toHaveLength(example.before.length);
    for (const box of before) expect(box.width).toBeGreaterThan(0);
    const dropped = await boxes(page, '#waterfall-after rect.span.dropped');
    expect(dropped).toHaveLength(example.before.length - example.after.length);
    const [faulty] = await styles(page, '#waterfall-before rect.span.faulty', 'fill');
    const [normal] = await styles(page, '#waterfall-before rect.span:not(.faulty)', 'fill');
    const [ghost] = await styles(page, '#waterfall-after rect.dropped', 'fill');
    expect(faulty).toBe('rgb(232, 89, 12)');
    expect(normal).not.toBe(faulty);
    expect(ghost).toBe('none');
  });

  it('takes a full-page screenshot', async () => {
    const path = join(dir, 'report.png');
    await page.screenshot({ path, fullPage: true });
    const png = await readFile(path);
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(png.readUInt32BE(20)).toBeGreaterThan(2_000);
  });
});
