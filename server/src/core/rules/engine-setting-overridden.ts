// Diagnostic: engine-setting-overridden — a generic key written beside native settings says something else
// than they do; the generic value is what gets checked, so the engine's own behaviour is not.

import { finding } from './findings';
import { defineRule } from './rule';

export const engineSettingOverridden = defineRule({
  id: 'engine-setting-overridden',
  severity: 'info',
  summary:
    'A generic key (replicas, read_quorum, …) overrides what the engine settings give, so the engine behaviour is not what gets checked.',
  check({ ds, analysis }) {
    // Without native settings the generic keys are how the design describes the store: nothing is overridden.
    if (!analysis.engine || !ds.settings || Object.keys(ds.settings.value).length === 0) return [];
    const name = analysis.engine.displayName;
    return analysis.overrides.map((o) =>
      finding(
        'engine-setting-overridden',
        o.span,
        `${o.key}: ${o.written} overrides what the ${name} settings give for ${o.what} (${o.engineValue}). CAP Lens checks the generic value, with generic replication semantics instead of ${name}'s; remove it to check the engine's own behaviour.`,
      ),
    );
  },
});
