// Diagnostic: lww-drops-writes — last-write-wins where concurrent writes can happen (2W≤N) while some
// component needs more than eventual consistency from the datastore.

import { finding, type Finding } from '../findings';
import type { DesignRuleContext } from './context';

export function checkLwwDropsWrites({ design, facts }: DesignRuleContext): Finding[] {
  const out: Finding[] = [];
  for (const ds of design.datastores) {
    const f = facts.get(ds.name);
    if (!f || ds.conflicts?.value !== 'last-write-wins' || f.writeWriteOverlap || f.settings.family !== 'leaderless') continue;
    const needing = design.components.flatMap((c) => c.uses.filter((u) => u.datastore === ds.name && u.needs && u.needs.value !== 'eventual').map((u) => ({ c, u })));
    if (needing.length === 0) continue;
    const { n, w } = f.settings;
    out.push(
      finding(
        'lww-drops-writes',
        ds.conflicts.span,
        `'${ds.name}' resolves conflicts by last-write-wins while 2W = ${2 * w} ≤ N = ${n} lets two writes be acknowledged concurrently on disjoint replicas: the one with the older timestamp is silently dropped, though ${needing.map(({ c, u }) => `'${c.name}' needs ${u.needs!.value}`).join(', ')}.`,
        { related: needing.map(({ c, u }) => ({ span: u.span, message: `'${c.name}' needs ${u.needs!.value}` })) },
      ),
    );
  }
  return out;
}
