// The engines CAP Lens knows, by id and alias.

import { ENGINES } from './all';
import type { Engine } from './engine';

const index = new Map<string, Engine>();
for (const e of ENGINES) for (const key of [e.id, ...(e.aliases ?? [])]) index.set(key.toLowerCase(), e);

export function findEngine(name: string): Engine | undefined {
  return index.get(name.toLowerCase());
}

export function allEngines(): readonly Engine[] {
  return ENGINES;
}
