// Diagnostic: schema — a key, type or value does not match the design language: unknown keys (with
// did-you-mean), wrong types, malformed latency expressions and scenarios, unknown or malformed engine settings.
// Reported by the schema validator (../model/schema.ts, over the YAML as the model is built), the settings
// validator, and the scenario readers for what a schema cannot say (../simulation/scenarios.ts).

import { defineRule } from './rule';

export const schema = defineRule({
  id: 'schema',
  severity: 'error',
  summary: 'A key, type or value does not match the design language (unknown keys, wrong types, malformed latency expressions).',
});
