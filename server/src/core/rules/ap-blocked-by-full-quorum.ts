// Diagnostic: ap-blocked-by-full-quorum — AP claimed while reads or writes wait for all N replicas.

import { setDatastoreKeyFix } from './context';
import { finding, type Finding } from './findings';
import { defineRule } from './rule';

export const apBlockedByFullQuorum = defineRule({
  id: 'ap-blocked-by-full-quorum',
  severity: 'error',
  summary: 'AP is claimed while reads or writes need every replica, so one unreachable replica blocks them.',
  check(ctx) {
    const { ds, facts, open } = ctx;
    const cap = open('cap');
    const model = facts?.model;
    if (cap?.claimed !== 'AP' || !model || model.n < 2) return [];
    const { n, r, w, origin } = model;
    const out: Finding[] = [];
    for (const [label, value, span, existing, what] of [
      ['write_quorum', w, origin.w, ds.writeQuorum, 'writes'],
      ['read_quorum', r, origin.r, ds.readQuorum, 'reads'],
    ] as const) {
      if (value !== n) continue;
      const fix = setDatastoreKeyFix(`Set ${label} to one`, ctx, existing, label, 'one', true);
      out.push(
        finding(
          'ap-blocked-by-full-quorum',
          span ?? ds.nameSpan,
          `'${ds.name}' claims AP, but ${label} = ${value} = N: ${what} wait for every replica, so a single unreachable replica blocks them on both sides of a partition.`,
          {
            related: [{ span: cap.span, message: 'claimed AP' }],
            fixes: fix ? [fix] : [],
            // One finding explains the claim; a second full quorum is still worth its own squiggle.
            claims: out.length === 0 ? ['cap'] : [],
          },
        ),
      );
    }
    return out;
  },
});
