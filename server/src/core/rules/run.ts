// The rule runner: datastore rules over one datastore's analysis, in precedence order, with one winner per
// contradicted claim; design rules over the whole design. No finding is filtered after the fact: a rule sees
// a claim as open only until an earlier rule has explained it.

import type { DatastoreAnalysis } from '../derive/datastore';
import type { ClaimKey, ClaimVerdict } from '../derive/verdicts';
import type { Design } from '../model/design';
import type { Finding } from './findings';
import { RULE_LIST } from './registry';

/** Findings of the datastore rules for one datastore. */
export function runDatastoreRules(analysis: DatastoreAnalysis, text: string): Finding[] {
  const explained = new Set<ClaimKey>();
  const failing = new Map<ClaimKey, ClaimVerdict>(analysis.verdicts.filter((v) => !v.holds).map((v) => [v.key, v]));
  const ctx = {
    analysis,
    ds: analysis.ds,
    facts: analysis.facts,
    text,
    open: (key: ClaimKey) => (explained.has(key) ? undefined : failing.get(key)),
  };
  const out: Finding[] = [];
  for (const rule of RULE_LIST) {
    if (!('check' in rule) || !rule.check) continue;
    for (const f of rule.check(ctx)) {
      for (const key of f.claims ?? []) {
        if (!failing.has(key) || explained.has(key))
          throw new Error(
            `rule ${rule.id} explained claim '${key}' of '${analysis.ds.name}', which is not an open contradicted claim`,
          );
        explained.add(key);
      }
      out.push(f);
    }
  }
  return out;
}

/**
 * What component rules found per component, kept between analyses by the incremental analyzer: an entry holds
 * while its component and the analyses of the datastores it uses are the same objects.
 */
export type ComponentFindingsMemo = WeakMap<object, { uses: readonly (DatastoreAnalysis | undefined)[]; findings: Finding[] }>;

/** Findings of the component rules and the design rules. */
export function runDesignRules(
  design: Design,
  analyses: ReadonlyMap<string, DatastoreAnalysis>,
  text: string,
  memo?: ComponentFindingsMemo,
): Finding[] {
  const out: Finding[] = [];
  for (const component of design.components) {
    const uses = component.uses.map((u) => analyses.get(u.datastore));
    const kept = memo?.get(component);
    if (kept && kept.uses.length === uses.length && kept.uses.every((a, i) => a === uses[i])) {
      out.push(...kept.findings);
      continue;
    }
    const findings: Finding[] = [];
    for (const rule of RULE_LIST)
      if ('checkComponent' in rule && rule.checkComponent) findings.push(...rule.checkComponent({ component, analyses }));
    memo?.set(component, { uses, findings });
    out.push(...findings);
  }
  for (const rule of RULE_LIST)
    if ('checkDesign' in rule && rule.checkDesign) out.push(...rule.checkDesign({ design, analyses, text }));
  return out;
}
