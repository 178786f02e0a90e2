// Diagnostic: engine-ack-loses-writes — no lost writes (or CP) claimed while the engine's settings acknowledge
// writes that failover (or the engine's conflict handling) can lose.

import { replaceFix } from './context';
import { finding, type Finding } from './findings';
import { defineRule } from './rule';
import { relatedSetting, settingChangeFix } from './setting-edits';

export const engineAckLosesWrites = defineRule({
  id: 'engine-ack-loses-writes',
  severity: 'error',
  summary:
    "No lost writes (or CP) is claimed while the engine's settings acknowledge writes that failover can lose (Kafka acks=1 or unclean leader election, Redis asynchronous replication, MongoDB w:1).",
  check(ctx) {
    const { ds, analysis, open } = ctx;
    const loss = analysis.model?.writeLoss;
    if (loss?.cause !== 'engine' || !analysis.engine) return [];
    const name = analysis.engine.displayName;
    const out: Finding[] = [];
    const lossFree = open('loss_free');
    const cap = loss.breaksCp ? open('cap') : undefined;
    for (const [v, what, weaken] of [
      [
        lossFree,
        'that acknowledged writes are never lost',
        lossFree && replaceFix('Drop the claim: loss_free: false', lossFree.span, 'false'),
      ],
      // A weaker claim is offered only where one holds: AP when every side keeps answering.
      [
        cap?.claimed === 'CP' ? cap : undefined,
        'CP',
        cap && ctx.facts?.cap === 'AP' ? replaceFix('Claim AP, what failover gives', cap.span, 'AP') : undefined,
      ],
    ] as const) {
      if (!v) continue;
      const settingFix = settingChangeFix(ctx, loss.fix, true, v.key);
      out.push(
        finding(
          'engine-ack-loses-writes',
          v.span,
          `'${ds.name}' claims ${what}, but ${name} can lose an acknowledged write here: ${loss.reason}`,
          {
            related: relatedSetting(ds, loss.setting, `${loss.setting} decides when a write is acknowledged`),
            fixes: [...settingFix, ...(weaken ? [{ ...weaken, preferred: settingFix.length === 0 }] : [])],
            claims: [v.key],
          },
        ),
      );
    }
    return out;
  },
});
