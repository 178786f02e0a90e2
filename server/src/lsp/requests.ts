// CAP Lens's own requests beyond LSP (method names and shapes, no library types, so the server and the
// extension can each use their own protocol library): the simulator panel asks the
// server for the model of a design (built from the analysis the diagnostics come from) and for where a claim or
// use stands now, so the extension host never runs a second analysis.

import type { RevealTarget, SimulatorModel } from '../core/ide/simulator-model';

export interface SimulatorModelParams {
  uri: string;
  /** Which design of a Markdown file that holds several (0-based, in document order); default 0. */
  design?: number;
  /** The datastore the panel shows, described in full in the (focused) model; default the first. */
  datastore?: string;
}

export interface SimulatorModelResult {
  model: SimulatorModel;
  /** The YAML is broken: the model holds what could be read. */
  syntaxBroken: boolean;
}

/** The simulator model of an open document; null when the server does not have it open. */
export const SIMULATOR_MODEL_METHOD = 'capLens/simulatorModel';

export interface RevealRangeParams {
  uri: string;
  target: RevealTarget;
  /** As in SimulatorModelParams. */
  design?: number;
}

export type RevealRangeResult = { start: number; end: number } | null;

/** Character offsets [start, end) of a datastore, claim or use in the current text; null when it is gone. */
export const REVEAL_RANGE_METHOD = 'capLens/revealRange';
