// Diagnostic: unknown-engine — an engine CAP Lens has no facts for (with a did-you-mean).

import { allEngines, findEngine } from '../engines/registry';
import { didYouMean } from '../text/suggest';
import { replaceFix } from './context';
import { finding } from './findings';
import { defineRule } from './rule';

export const unknownEngine = defineRule({
  id: 'unknown-engine',
  severity: 'info',
  summary: 'The engine is not one CAP Lens knows, so no engine facts or native settings apply.',
  check({ ds }) {
    const engine = ds.engine;
    if (!engine || findEngine(engine.value)) return [];
    const names = allEngines().flatMap((e) => [e.id, ...(e.aliases ?? [])]);
    const best = didYouMean(engine.value, names);
    return [
      finding(
        'unknown-engine',
        engine.span,
        `CAP Lens does not know the engine '${engine.value}'${best ? ` (did you mean '${best}'?)` : ''}. Its generic settings are still checked, but no engine facts or native settings apply. Known engines: ${allEngines()
          .map((e) => e.id)
          .join(', ')}.`,
        {
          fixes: best ? [replaceFix(`Change to '${best}'`, engine.span, best, true)] : [],
        },
      ),
    ];
  },
});
