import { readFileSync, writeFileSync } from 'node:fs';
import { configJsonSchema } from '@autoscope/core';
import { describe, expect, it } from 'vitest';

const file = new URL('../../../docs/config.schema.json', import.meta.url);

describe('docs/config.schema.json', () => {
  // Compared as data: the committed file is formatted by biome, so its whitespace differs.
  it('equals the schema generated from the config definition (UPDATE_GOLDEN=1 rewrites it)', () => {
    const generated = configJsonSchema();
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(file, `${JSON.stringify(generated, null, 2)}\n`);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(generated);
  });
});
