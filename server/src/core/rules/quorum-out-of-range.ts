// Diagnostic: quorum-out-of-range — R or W below 1 or above N; a placement that does not add up to N.

import { plural } from '../text/format';
import { replaceFix } from './context';
import { finding, type Finding } from './findings';
import { defineRule } from './rule';

export const quorumOutOfRange = defineRule({
  id: 'quorum-out-of-range',
  severity: 'error',
  summary: 'R or W is below 1 or above N, or a placement does not add up to N.',
  check({ ds, analysis }) {
    const s = analysis.effective;
    if (!s) return [];
    const out: Finding[] = [];
    const nSpan = s.origin.n;
    for (const [label, value, span, verb] of [
      ['read_quorum', s.r, s.origin.r, 'a read'],
      ['write_quorum', s.w, s.origin.w, 'a write'],
    ] as const) {
      if (value >= 1 && value <= s.n) continue;
      const message =
        value < 1
          ? `${label} is ${value}: ${verb} must wait for at least one replica.`
          : `${label} is ${value}, above N = ${s.n}: ${verb} would wait for more replicas than '${ds.name}' has, so it could never complete.`;
      const fixes = span ? [replaceFix(`Set ${label} to ${value < 1 ? 1 : s.n}`, span, String(value < 1 ? 1 : s.n), true)] : [];
      out.push(
        finding('quorum-out-of-range', span ?? ds.nameSpan, message, {
          related: nSpan ? [{ span: nSpan, message: `N = ${plural(s.n, 'replica')}` }] : [],
          fixes,
        }),
      );
    }
    if (ds.placement && ds.placement.regions.length > 0) {
      const sum = ds.placement.regions.reduce((t, p) => t + p.count.value, 0);
      if (sum !== s.n) {
        const parts = ds.placement.regions.map((p) => `${p.count.value} in ${p.name}`).join(' + ');
        out.push(
          finding(
            'quorum-out-of-range',
            ds.placement.keySpan,
            `The placement puts ${parts} = ${plural(sum, 'replica')}, but replicas is ${s.n}: every replica must be placed exactly once.`,
            {
              related: nSpan ? [{ span: nSpan, message: `N = ${plural(s.n, 'replica')}` }] : [],
              fixes: ds.replicas ? [replaceFix(`Set replicas to ${sum}`, ds.replicas.span, String(sum))] : [],
            },
          ),
        );
      }
    }
    return out;
  },
});
