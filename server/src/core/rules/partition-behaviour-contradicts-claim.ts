// Diagnostic: partition-behaviour-contradicts-claim — CP with `on_partition: serve-stale`, or AP with
// `on_partition: reject-writes`.

import { finding, type Finding } from '../findings';
import { replaceFix, type DatastoreRuleContext } from './context';

export function checkPartitionBehaviour({ ds }: DatastoreRuleContext): Finding[] {
  const cap = ds.claims?.cap;
  const behaviour = ds.claims?.onPartition;
  if (!cap || !behaviour) return [];
  if (cap.value === 'CP' && behaviour.value === 'serve-stale') {
    return [
      finding('partition-behaviour-contradicts-claim', behaviour.span, `'${ds.name}' claims CP but says it serves stale data on partition: serving stale reads is choosing availability (AP). A CP store refuses or blocks on the side without a quorum.`, {
        related: [{ span: cap.span, message: 'claimed CP' }],
        fixes: [replaceFix('Reject writes on partition', behaviour.span, 'reject-writes', true), replaceFix('Claim AP instead', cap.span, 'AP')],
      }),
    ];
  }
  if (cap.value === 'AP' && (behaviour.value === 'reject-writes' || behaviour.value === 'block')) {
    const what = behaviour.value === 'block' ? 'blocks requests until the partition heals' : 'rejects writes';
    return [
      finding('partition-behaviour-contradicts-claim', behaviour.span, `'${ds.name}' claims AP but says it ${what} on partition: refusing or stalling requests is choosing consistency (CP). An AP store keeps answering on every side.`, {
        related: [{ span: cap.span, message: 'claimed AP' }],
        fixes: [replaceFix('Serve stale data on partition', behaviour.span, 'serve-stale', true), replaceFix('Claim CP instead', cap.span, 'CP')],
      }),
    ];
  }
  return [];
}
