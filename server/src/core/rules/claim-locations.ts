// Small helpers shared by the rules that explain contradicted claims: where the claim is, and what it says.

import type { ClaimVerdict } from '../derive/verdicts';
import type { RelatedLocation } from './findings';

/** A related location on the claim itself: "claimed: CP". */
export function claimedAt(v: ClaimVerdict): RelatedLocation {
  return { span: v.span, message: `claimed: ${v.claimed}` };
}
