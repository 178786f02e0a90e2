// Diagnostic: ap-blocked-by-full-quorum — AP claimed while reads or writes wait for all N replicas.

import { finding, type Finding } from '../findings';
import { setDatastoreKeyFix, type DatastoreRuleContext } from './context';

export function checkApBlockedByFullQuorum(ctx: DatastoreRuleContext): Finding[] {
  const { ds, facts } = ctx;
  const cap = ds.claims?.cap;
  if (cap?.value !== 'AP' || !facts || facts.settings.n < 2) return [];
  const { n, r, w, origin } = facts.settings;
  const out: Finding[] = [];
  for (const [label, value, span, existing, what] of [
    ['write_quorum', w, origin.w, ds.writeQuorum, 'writes'],
    ['read_quorum', r, origin.r, ds.readQuorum, 'reads'],
  ] as const) {
    if (value !== n) continue;
    const fix = setDatastoreKeyFix(`Set ${label} to one`, ctx, existing, label, 'one', true);
    out.push(
      finding('ap-blocked-by-full-quorum', span ?? ds.nameSpan, `'${ds.name}' claims AP, but ${label} = ${value} = N: ${what} wait for every replica, so a single unreachable replica blocks them on both sides of a partition.`, {
        related: [{ span: cap.span, message: 'claimed AP' }],
        fixes: fix ? [fix] : [],
      }),
    );
  }
  return out;
}
