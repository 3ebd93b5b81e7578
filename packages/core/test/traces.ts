import fc from 'fast-check';
import {
  makeResource,
  makeSpan,
  type Resource,
  type Span,
  StatusCode,
  stringAttr,
  type Trace,
} from '../src/model.js';

/** Test helpers: synthetic traces, deterministic and hostile. Not part of the published package. */

const resources = new Map<string, Resource>();

/** A shared resource per service name. */
export function resourceOf(service: string): Resource {
  let resource = resources.get(service);
  if (resource === undefined) {
    resource = makeResource([stringAttr('service.name', service)]);
    resources.set(service, resource);
  }
  return resource;
}

const SCOPE = { name: 'test', version: '', attributes: [], droppedAttributesCount: 0, schemaUrl: '' };

/** Hex id of a number, padded to `width` hex digits. */
export function hexId(n: number, width: number): string {
  return n.toString(16).padStart(width, '0').slice(-width);
}

/** A node of a synthetic trace: service, name, duration in µs, children, optional error. */
export interface NodeSpec {
  readonly service: string;
  readonly name: string;
  readonly durationUs?: number;
  readonly error?: boolean;
  readonly children?: readonly NodeSpec[];
}

/** Builds a trace from a tree spec; ids are derived from `traceNumber` and the pre-order position. */
export function traceOf(spec: NodeSpec, traceNumber: number, startNs = 1_700_000_000_000_000_000n): Trace {
  const traceId = hexId(traceNumber + 1, 32);
  const spans: Span[] = [];
  let next = 1;
  const visit = (node: NodeSpec, parentSpanId: string, start: bigint) => {
    const spanId = hexId(traceNumber * 100_000 + next++, 16);
    const duration = BigInt(Math.round((node.durationUs ?? 1000) * 1000));
    spans.push(
      makeSpan({
        traceId,
        spanId,
        parentSpanId,
        name: node.name,
        startTimeUnixNano: start,
        endTimeUnixNano: start + duration,
        resource: resourceOf(node.service),
        scope: SCOPE,
        attributes: [stringAttr('test.attr', `${node.name}-value`)],
        ...(node.error ? { status: { code: StatusCode.ERROR, message: 'boom' } } : {}),
      }),
    );
    let childStart = start + 1000n;
    for (const child of node.children ?? []) {
      visit(child, spanId, childStart);
      childStart += 1000n;
    }
  };
  visit(spec, '', startNs + BigInt(traceNumber) * 1_000_000_000n);
  return { traceId, spans };
}

/** A typical request: gateway → orders (→ db ×n) → payment, with a rare branch. */
export function typicalTrace(
  i: number,
  options: { slow?: boolean; error?: boolean; loop?: number } = {},
): Trace {
  const loop = options.loop ?? 3;
  const db = Array.from({ length: loop }, () => ({
    service: 'orders',
    name: 'SELECT orders',
    durationUs: 200 + (i % 7) * 10,
  }));
  const spec: NodeSpec = {
    service: 'gateway',
    name: 'GET /checkout',
    durationUs: 5000 + (i % 11) * 50,
    children: [
      {
        service: 'orders',
        name: 'OrderController.get',
        durationUs: (options.slow ? 50_000 : 2000) + (i % 13) * 20,
        children: [...db, { service: 'orders', name: 'cache.get', durationUs: 50 + (i % 5) }],
      },
      {
        service: 'payment',
        name: 'PaymentController.charge',
        durationUs: 1500 + (i % 9) * 30,
        error: options.error === true,
        children: [{ service: 'payment', name: 'INSERT payments', durationUs: 300 + (i % 3) * 10 }],
      },
    ],
  };
  return traceOf(spec, i);
}

/**
 * Arbitrary hostile traces: random trees (deep or wide), duplicate span ids, parents that are missing,
 * parent cycles, clock skew, zero and negative durations.
 */
export function hostileTraceArbitrary(): fc.Arbitrary<Trace> {
  const spanArb = fc.record({
    parent: fc.nat(),
    missingParent: fc.boolean(),
    duplicateOf: fc.option(fc.nat(), { freq: 8 }),
    service: fc.constantFrom('a', 'b', 'c'),
    name: fc.constantFrom('x', 'y', 'z', 'w'),
    start: fc.integer({ min: -1_000_000, max: 1_000_000 }),
    duration: fc.integer({ min: -1000, max: 5_000_000 }),
    error: fc.boolean(),
  });
  return fc
    .record({
      specs: fc.array(spanArb, { minLength: 1, maxLength: 60 }),
      cycle: fc.boolean(),
      deep: fc.boolean(),
    })
    .map(({ specs, cycle, deep }) => {
      const traceId = hexId(0xabc, 32);
      const spans: Span[] = [];
      specs.forEach((s, i) => {
        const idNumber = s.duplicateOf !== null && i > 0 ? (s.duplicateOf % i) + 1 : i + 1;
        const parentIndex = deep ? i - 1 : i === 0 ? -1 : s.parent % i;
        let parentSpanId = parentIndex < 0 ? '' : hexId(parentIndex + 1, 16);
        if (s.missingParent && i > 0) parentSpanId = hexId(0xdead0000 + i, 16);
        if (cycle && i === 0 && specs.length > 1) parentSpanId = hexId(specs.length, 16);
        const start = 1_000_000_000n + BigInt(s.start);
        spans.push(
          makeSpan({
            traceId,
            spanId: hexId(idNumber, 16),
            parentSpanId,
            name: s.name,
            startTimeUnixNano: start,
            endTimeUnixNano: start + BigInt(s.duration),
            resource: resourceOf(s.service),
            scope: SCOPE,
            ...(s.error && i % 5 === 3 ? { status: { code: StatusCode.ERROR, message: '' } } : {}),
          }),
        );
      });
      return { traceId, spans };
    });
}
