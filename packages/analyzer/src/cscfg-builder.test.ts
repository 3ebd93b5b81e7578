import { describe, expect, it } from 'vitest';
import { CscfgBuilder } from './cscfg-builder.js';
import type { CscfgIR } from './model.js';

const call = (b: CscfgBuilder, id: string) => b.call({ target: { kind: 'function', id }, source: `f:${id}` });

function kinds(g: CscfgIR): Record<string, string> {
  const out: Record<string, string> = {};
  for (const block of g.blocks)
    for (const c of block.calls) if (c.target.kind === 'function') out[c.target.id] = block.kind;
  return out;
}

describe('CscfgBuilder', () => {
  it('puts straight-line calls in one mandatory block', () => {
    const b = new CscfgBuilder();
    call(b, 'a');
    call(b, 'b');
    const g = b.finish();
    expect(g.blocks).toHaveLength(1);
    expect(g.blocks[0]!.calls).toHaveLength(2);
    expect(kinds(g)).toEqual({ a: 'mandatory', b: 'mandatory' });
    expect(g.emptyPath).toBe(false);
  });

  it('marks branch arms conditional and the join mandatory', () => {
    const b = new CscfgBuilder();
    call(b, 'a');
    b.branch([() => call(b, 'yes'), () => call(b, 'no')], true);
    call(b, 'z');
    const g = b.finish();
    expect(kinds(g)).toEqual({ a: 'mandatory', yes: 'conditional', no: 'conditional', z: 'mandatory' });
    expect(g.blocks[0]!.next.size).toBe(2);
  });

  it('makes calls after an early return conditional', () => {
    const b = new CscfgBuilder();
    call(b, 'a');
    b.branch([() => b.exit(true)], false);
    call(b, 'b');
    expect(kinds(b.finish())).toEqual({ a: 'mandatory', b: 'conditional' });
  });

  it('marks loop bodies repeated with a back edge, and break exits', () => {
    const b = new CscfgBuilder();
    b.loop(() => {
      call(b, 'body');
      b.branch([() => b.jump(false)], false);
      call(b, 'more');
    });
    call(b, 'after');
    const g = b.finish();
    expect(kinds(g)).toEqual({ body: 'repeated', more: 'repeated', after: 'mandatory' });
    const more = g.blocks.find((x) => x.calls[0]?.source === 'f:more')!;
    expect([...more.next].sort()).toEqual([0, 2]);
  });

  it('models try/catch/finally: handler conditional, finally mandatory', () => {
    const b = new CscfgBuilder();
    b.tryStatement(
      () => call(b, 'risky'),
      () => {
        call(b, 'recover');
        b.exit(false);
      },
      () => call(b, 'cleanup'),
    );
    const g = b.finish();
    expect(kinds(g)).toEqual({ risky: 'mandatory', recover: 'conditional', cleanup: 'mandatory' });
    expect(g.blocks.find((x) => x.calls[0]?.source === 'f:recover')?.handler).toBe(true);
  });

  it('falls back to throw paths when a function never returns normally', () => {
    const b = new CscfgBuilder();
    call(b, 'a');
    b.exit(false);
    expect(kinds(b.finish())).toEqual({ a: 'mandatory' });
  });
});
