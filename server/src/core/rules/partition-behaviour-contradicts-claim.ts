// Diagnostic: partition-behaviour-contradicts-claim — what the design says happens on the side of a partition
// without a quorum is not what the settings do (and, where the CAP claim says otherwise too, it says so).

import { replaceFix } from './context';
import { finding, type Fix, type RelatedLocation } from './findings';
import { defineRule } from './rule';

export const partitionBehaviourContradictsClaim = defineRule({
  id: 'partition-behaviour-contradicts-claim',
  severity: 'error',
  summary: 'The claimed behaviour on partition is not what the settings do on the side of a partition without a quorum.',
  check({ ds, facts, open }) {
    const v = open('on_partition');
    if (!v || !facts) return [];
    const model = facts.model;
    const cap = ds.claims?.cap;
    const related: RelatedLocation[] = cap ? [{ span: cap.span, message: `claimed ${cap.value}` }] : [];
    const message =
      v.claimed === 'serve-stale'
        ? `'${ds.name}' claims it serves (possibly stale) reads on the side of a partition without a quorum, but no side can serve a read while the other side writes: reads need ${model.read.needs}, writes ${model.write.needs}.`
        : `'${ds.name}' claims the side of a partition without a quorum ${v.claimed === 'block' ? 'blocks requests until the partition heals' : 'rejects writes'}, but both sides of a partition keep accepting writes (each has ${model.write.needs}), so they diverge.`;
    // The value that does hold, if one does.
    const right = !facts.writesOnBothSides ? 'reject-writes' : facts.staleReadsOnPartition ? 'serve-stale' : undefined;
    const fixes: Fix[] = right ? [replaceFix(`Say what it does: ${right}`, v.span, right, true)] : [];
    let full = message;
    if (cap && ((cap.value === 'CP' && v.claimed === 'serve-stale') || (cap.value === 'AP' && v.claimed !== 'serve-stale'))) {
      full += ` It also contradicts the ${cap.value} claim: ${cap.value === 'CP' ? 'serving stale reads is choosing availability' : 'refusing or stalling requests is choosing consistency'}.`;
    }
    return [finding('partition-behaviour-contradicts-claim', v.span, full, { related, fixes, claims: ['on_partition'] })];
  },
});
