import { describe, expect, it } from 'vitest';
import { makeResource, makeScope, makeSpan, SpanKind, StatusCode, stringAttr } from './model.js';

const required = {
  traceId: '0af7651916cd43dd8448eb211c80319c',
  spanId: 'b7ad6b7169203331',
  parentSpanId: '',
  name: 'GET /',
  startTimeUnixNano: 1n,
  endTimeUnixNano: 2n,
  resource: makeResource([stringAttr('service.name', 'shop')]),
  scope: makeScope('lib'),
};

describe('makeSpan', () => {
  it('fills every optional field with its protobuf default, in the order of Span', () => {
    const span = makeSpan(required);
    expect(Object.keys(span)).toEqual([
      'traceId',
      'spanId',
      'parentSpanId',
      'traceState',
      'flags',
      'name',
      'kind',
      'startTimeUnixNano',
      'endTimeUnixNano',
      'attributes',
      'droppedAttributesCount',
      'events',
      'droppedEventsCount',
      'links',
      'droppedLinksCount',
      'status',
      'resource',
      'scope',
    ]);
    expect(span).toMatchObject({ ...required, traceState: '', flags: 0, kind: SpanKind.UNSPECIFIED });
    expect(span.attributes).toEqual([]);
    expect(span.status).toEqual({ code: StatusCode.UNSET, message: '' });
  });

  it('keeps every field given', () => {
    const given = {
      ...required,
      traceState: 'a=1',
      flags: 1,
      kind: SpanKind.SERVER,
      attributes: [stringAttr('k', 'v')],
      droppedAttributesCount: 2,
      events: [{ timeUnixNano: 1n, name: 'e', attributes: [], droppedAttributesCount: 0 }],
      droppedEventsCount: 3,
      links: [],
      droppedLinksCount: 4,
      status: { code: StatusCode.ERROR, message: 'boom' },
    };
    expect(makeSpan(given)).toEqual(given);
  });
});
