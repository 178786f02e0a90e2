// Diagnostic: lww-drops-writes — last-write-wins where concurrent writes can happen (2W≤N) while some
// component needs more than eventual consistency from the datastore.

import { finding, type Finding } from '../findings';
import type { Component, ComponentUse } from '../model/design';
import type { DesignRuleContext } from './context';

export function checkLwwDropsWrites({ design, facts }: DesignRuleContext): Finding[] {
  const out: Finding[] = [];
  const needsByStore = new Map<string, { c: Component; u: ComponentUse }[]>();
  for (const c of design.components)
    for (const u of c.uses) {
      if (!u.needs || u.needs.value === 'eventual') continue;
      const list = needsByStore.get(u.datastore) ?? [];
      list.push({ c, u });
      needsByStore.set(u.datastore, list);
    }
  for (const ds of design.datastores) {
    const f = facts.get(ds.name);
    if (!f || ds.conflicts?.value !== 'last-write-wins' || f.writeWriteOverlap || f.settings.family !== 'leaderless') continue;
    const needing = needsByStore.get(ds.name) ?? [];
    const lossFree = ds.claims?.lossFree?.value === true ? ds.claims.lossFree : undefined;
    if (needing.length === 0 && !lossFree) continue;
    const { n, w } = f.settings;
    out.push(
      finding(
        'lww-drops-writes',
        ds.conflicts.span,
        `'${ds.name}' resolves conflicts by last-write-wins while 2W = ${2 * w} ≤ N = ${n} lets two writes be acknowledged concurrently on disjoint replicas: the one with the older timestamp is silently dropped, though ${[...(lossFree ? ['the design claims no acknowledged write is lost'] : []), ...needing.map(({ c, u }) => `'${c.name}' needs ${u.needs!.value}`)].join(', and ')}.`,
        { related: [...(lossFree ? [{ span: lossFree.span, message: 'claimed: loss_free' }] : []), ...needing.map(({ c, u }) => ({ span: u.span, message: `'${c.name}' needs ${u.needs!.value}` }))] },
      ),
    );
  }
  return out;
}
