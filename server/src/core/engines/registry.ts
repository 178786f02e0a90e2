// The engines CAP Lens knows, by id and alias.

import { ENGINES } from './all';
import type { Engine } from './engine';

// Frozen: engine definitions are shared facts, never edited; cached analyses that reference them skip them when moving spans.
for (const e of ENGINES) Object.freeze(e);
const index = new Map<string, Engine>();
for (const e of ENGINES) for (const key of [e.id, ...(e.aliases ?? [])]) index.set(key.toLowerCase(), e);

export function findEngine(name: string): Engine | undefined {
  return index.get(name.toLowerCase());
}

export function allEngines(): readonly Engine[] {
  return ENGINES;
}
