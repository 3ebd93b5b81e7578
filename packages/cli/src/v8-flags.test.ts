import { describe, expect, it } from 'vitest';
import { INLINE_FLAG, SAMPLE_INLINE_BUDGET, v8FlagsFor } from './v8-flags.js';

const SET = [`${INLINE_FLAG}=${SAMPLE_INLINE_BUDGET}`];

describe('v8FlagsFor', () => {
  it('sets the inlining budget for sample only', () => {
    expect(v8FlagsFor(['sample', '--in', 'x.pb', '--out', 'y.pb'], [])).toEqual(SET);
    for (const command of ['gateway', 'eval', 'demo', 'analyze', '--help'])
      expect(v8FlagsFor([command], [])).toEqual([]);
    expect(v8FlagsFor(['--help', 'sample'], [])).toEqual([]);
    expect(v8FlagsFor([], [])).toEqual([]);
  });

  it("leaves node's own value alone, in either spelling", () => {
    expect(v8FlagsFor(['sample'], [`${INLINE_FLAG}=300`])).toEqual([]);
    expect(v8FlagsFor(['sample'], ['--max_inlined_bytecode_size_cumulative=300'])).toEqual([]);
    expect(v8FlagsFor(['sample'], ['--max-inlined-bytecode-size=300'])).toEqual(SET);
  });

  it('takes the budget from AUTOSCOPE_INLINE_BUDGET when it is a positive integer', () => {
    expect(v8FlagsFor(['sample'], [], { AUTOSCOPE_INLINE_BUDGET: '920' })).toEqual([`${INLINE_FLAG}=920`]);
    for (const bad of ['', '0', '-5', 'abc', '1e3', '9999999'])
      expect(v8FlagsFor(['sample'], [], { AUTOSCOPE_INLINE_BUDGET: bad })).toEqual(SET);
  });
});
