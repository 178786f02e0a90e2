// The user's rule settings: `capLens.rules.<rule>` from the editor over `.caplens.yaml` over the defaults.

import { isRuleName, type RuleSeverityOverrides } from '../core/rules/registry';

const SEVERITIES = new Set(['error', 'warning', 'info', 'off']);

export interface ServerSettings {
  rules: RuleSeverityOverrides;
  /** Milliseconds of quiet typing before diagnostics are recomputed. */
  diagnosticsDelay: number;
}

// Short: the incremental analysis is fast, and changes that arrive together are coalesced anyway because
// they are all read before the timer fires.
export const DEFAULT_SETTINGS: ServerSettings = { rules: {}, diagnosticsDelay: 10 };

/** Reads the `capLens` configuration section as the client sends it, ignoring anything malformed. */
export function parseClientSettings(raw: unknown): ServerSettings {
  const settings: ServerSettings = { rules: {}, diagnosticsDelay: DEFAULT_SETTINGS.diagnosticsDelay };
  if (!raw || typeof raw !== 'object') return settings;
  const section = raw as { rules?: unknown; diagnosticsDelay?: unknown };
  if (section.rules && typeof section.rules === 'object') {
    for (const [name, value] of Object.entries(section.rules as Record<string, unknown>)) {
      if (isRuleName(name) && typeof value === 'string' && SEVERITIES.has(value)) settings.rules[name] = value as 'error';
    }
  }
  if (typeof section.diagnosticsDelay === 'number' && section.diagnosticsDelay >= 0 && section.diagnosticsDelay <= 2000)
    settings.diagnosticsDelay = section.diagnosticsDelay;
  return settings;
}
