// The one analysis of a datastore: its engine's settings validated and translated once, the store model, the
// facts derived from it and every claim judged. Computed once per change of the datastore's entry; rules,
// hovers, code lenses, `explain`, `report` and the simulator all read this result.

import type { Datastore } from '../model/design';
import type { SchemaProblem } from '../model/schema';
import type { Engine, EngineProblem } from '../engines/engine';
import { validateSettings } from '../engines/settings';
import type { StoreModel } from '../engines/store-model';
import { composeStore, type ComposedStore, type EffectiveNumbers, type Override } from './store';
import { deriveFacts, type DatastoreFacts } from './facts';
import { judgeClaims, isModelClaim, judgeModelClaim, type ClaimKey, type ClaimVerdict } from './verdicts';

export interface DatastoreAnalysis {
  ds: Datastore;
  engine?: Engine;
  /** N, R, W and family as used; undefined when N is unknown. */
  effective?: EffectiveNumbers;
  /** Undefined when N is unknown, a quorum is out of range, or native settings are malformed. */
  model?: StoreModel;
  facts?: DatastoreFacts;
  /** One per claim written, when facts exist. */
  verdicts: ClaimVerdict[];
  /** Generic keys that say something other than the engine's settings. */
  overrides: Override[];
  /** The engine's own semantics apply (a known engine, no generic key overriding it). */
  engineModel: boolean;
  /** Native settings that are unknown or malformed (reported as `schema`). */
  settingProblems: SchemaProblem[];
  /** Combinations of native settings the engine rejects (reported as `engine-setting-invalid`). */
  engineProblems: EngineProblem[];
}

export function analyzeDatastore(ds: Datastore): DatastoreAnalysis {
  const composed = composeStore(ds);
  const { engine } = composed;
  const { settingProblems, engineProblems, usable } = checkSettings(ds, composed);
  const model = usable ? composed.model : undefined;
  const facts = model ? deriveFacts(model) : undefined;
  return {
    ds,
    engine,
    effective: composed.effective,
    model,
    facts,
    verdicts: facts ? judgeClaims(ds, facts) : [],
    overrides: composed.overrides,
    engineModel: composed.engineModel,
    settingProblems,
    engineProblems,
  };
}

function checkSettings(
  ds: Datastore,
  composed: ComposedStore,
): { settingProblems: SchemaProblem[]; engineProblems: EngineProblem[]; usable: boolean } {
  const { engine, translation } = composed;
  const settingProblems = engine ? validateSettings(engine, ds) : [];
  if (!ds.engine && ds.settings) {
    settingProblems.push({
      span: ds.settings.keySpan,
      message: `'${ds.name}' has engine settings but no \`engine:\`; name the engine (e.g. cassandra, mongodb) so CAP Lens can read them.`,
    });
  }
  // Malformed settings were translated as their defaults: facts from them would only mislead, so nothing is
  // derived (and no claim judged) until the settings are fixed.
  const broken = engine !== undefined && settingProblems.length > 0;
  const engineProblems = engine && translation && !broken ? (engine.validate?.(ds, translation) ?? []) : [];
  // Settings the engine rejects, or that no request can satisfy: nothing to derive until they are fixed.
  const unusable = engineProblems.some((p) => !p.inert);
  return { settingProblems, engineProblems, usable: !broken && !unusable };
}

/**
 * Does `claim` hold for `ds`, exactly as analyzeDatastore would judge it? Derives only what the claim needs: the
 * model alone for consistency and loss_free (quick fixes ask this of a changed copy of an entry, once per
 * offered setting change), the facts for the others. False when nothing can be derived or the claim is absent.
 */
export function claimHolds(ds: Datastore, claim: ClaimKey): boolean {
  const composed = composeStore(ds);
  if (!composed.model || !checkSettings(ds, composed).usable) return false;
  if (isModelClaim(claim)) return judgeModelClaim(ds, composed.model, claim) ?? false;
  return judgeClaims(ds, deriveFacts(composed.model)).find((v) => v.key === claim)?.holds ?? false;
}
