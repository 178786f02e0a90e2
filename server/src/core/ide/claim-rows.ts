// Claims beside what the settings give, one row per property, as every surface shows them: the hover card,
// `explain` and `report` all print these rows, so they cannot disagree. A claimed row's verdict and derived
// value are the analysis's own verdict; an unclaimed row shows the derived value alone.

import type { DatastoreAnalysis } from '../derive/datastore';
import {
  CAP_DISPLAY,
  describeConsistency,
  judgeRegionLoss,
  minoritySide,
  type ClaimKey,
  type ClaimVerdict,
} from '../derive/verdicts';

export type RowVerdict = 'holds' | 'contradicted' | 'derived';

export interface ClaimRow {
  /** The claim this row judges, when it is one. */
  key?: ClaimKey;
  property: string;
  /** The claim as written, or '—'. */
  claimed: string;
  derived: string;
  verdict: RowVerdict;
  /** The claim's verdict, when written. */
  judged?: ClaimVerdict;
}

const PROPERTIES: { key?: ClaimKey; property: string }[] = [
  { key: 'consistency', property: 'Consistency' },
  { key: 'cap', property: 'CAP' },
  { key: 'pacelc', property: 'PACELC' },
  { key: 'on_partition', property: 'On partition' },
  { key: 'tolerates', property: 'Failures survived (writes)' },
  { property: 'Failures survived (reads)' },
  { key: 'loss_free', property: 'Acknowledged writes' },
  { key: 'survives_region_loss', property: 'Region loss' },
  { property: 'Stale read right after a write' },
];

/** Rows for a datastore whose facts are derived; empty when they are not. */
export function claimRows(a: DatastoreAnalysis): ClaimRow[] {
  const f = a.facts;
  if (!f) return [];
  const derivedOf = (key: ClaimKey | undefined, property: string): string | undefined => {
    switch (key) {
      case 'consistency':
        return describeConsistency(f.model.consistency);
      case 'cap':
        return CAP_DISPLAY[f.cap];
      case 'pacelc':
        return f.pacelc;
      case 'on_partition':
        return minoritySide(f);
      case 'tolerates':
        return String(f.writeFailuresSurvived);
      case 'loss_free':
        return f.model.writeLoss ? 'can be lost' : 'kept';
      case 'survives_region_loss':
        return f.regionLosses.length ? judgeRegionLoss('any', f).derived : undefined;
      default:
        return property.startsWith('Failures survived (reads)') ? String(f.readFailuresSurvived) : f.staleRead.short;
    }
  };
  const rows: ClaimRow[] = [];
  for (const { key, property } of PROPERTIES) {
    const judged = key ? a.verdicts.find((v) => v.key === key) : undefined;
    const derived = judged?.derived ?? derivedOf(key, property);
    if (derived === undefined) continue;
    rows.push({
      key,
      property,
      claimed: judged ? judged.claimed : '—',
      derived,
      verdict: judged ? (judged.holds ? 'holds' : 'contradicted') : 'derived',
      judged,
    });
  }
  return rows;
}

export const VERDICT_MARK: Record<RowVerdict, string> = { holds: '✓', contradicted: '✗', derived: '' };
