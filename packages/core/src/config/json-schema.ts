import { CONFIG_VERSION, configSchema } from './config-schema.js';
import type { JsonSchema } from './schema.js';

/** The published `$id` of the configuration JSON Schema. */
export const CONFIG_SCHEMA_ID = 'urn:autoscope:schema:config:1';

/** The JSON Schema (draft 2020-12) of the configuration file, generated from `configSchema`. */
export function configJsonSchema(): JsonSchema {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: CONFIG_SCHEMA_ID,
    title: `Autoscope configuration ${CONFIG_VERSION}`,
    description:
      'Span sampling configuration written by `autoscope analyze`: per-span priorities, user overrides and the static structure model.',
    ...configSchema.jsonSchema(),
  };
}
