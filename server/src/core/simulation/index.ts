// The simulation core's public API: seeded simulation of replicated datastores under partitions and crashes,
// linearizability checking, Jepsen history parsing, PBS staleness maths, and design-file scenarios.
// Pure TypeScript with no DOM, vscode or node: imports, so the language server, the CLI and the webview share it.

export { Rng, compileSampler, sample, estimateQuantile, type Sampler } from './rng';
export {
  LATENCY_PRESETS,
  LATENCY_PRESET_NAMES,
  DEFAULT_LATENCY_PRESET,
  isLatencyPreset,
  resolveLatency,
  type LatencyInput,
  type LatencyLegs,
  type LatencyPreset,
  type LatencyPresetName,
} from './presets';
export { createSimulation, runScenario, DEFAULT_TIMEOUT, DEFAULT_WORKLOAD, type Simulation } from './simulation-engine';
export { nodeName } from './topology';
export { buildReport, findStaleReads, percentiles } from './report';
export {
  checkLinearizability,
  checkLinearizabilityBySearch,
  type Counterexample,
  type LinearizabilityOptions,
  type LinearizabilityResult,
} from './linearizability';
export { checkByZones, type ZoneVerdict } from './register-zones';
export {
  parseJepsenHistory,
  parseJepsenLog,
  parseJepsenEdn,
  type HistoryOp,
  type HistoryParseError,
  type ParsedHistory,
} from './history-format';
export { chooseModel, decodeHistory, HISTORY_MODELS, type HistoryModel, type KeyStyle } from './history-models';
export {
  checkHistoryText,
  checkParsedHistory,
  describeHistoryOp,
  type HistoryCheck,
  type HistoryCheckOptions,
  type HistoryCounterexample,
  type HistoryVerdict,
  type KeyVerdict,
} from './history-check';
export { checkKvKey, type KvOp, type KvVerdict } from './kv-linearizability';
export {
  binomial,
  quorumMissProbability,
  kStalenessProbability,
  tVisibility,
  type TVisibilityOptions,
  type TVisibilityResult,
} from './staleness';
export {
  validateScenarios,
  ACCEPTED_FRACTION,
  DEFAULT_SCENARIO_WORKLOAD,
  type Scenario,
  type ScenarioContext,
  type ScenarioError,
  type ScenarioWorkload,
  type ScenarioCrash,
  type ScenarioClient,
  type ScenarioOperation,
  type ScenarioStoreOptions,
  type Phase,
  type Expectation,
  type ExpectationCheck,
  type YamlPath,
} from './scenarios';
export {
  runScenarioExpectations,
  cachedLinearizability,
  phaseOf,
  type ExpectationResult,
  type JudgeContext,
} from './expectations';
export { systemFromDesign, scenarioContextOf, storeTimers, type SimSystem, type SimComponent } from './from-design';
export { scenarioToConfig, scenarioClients, runDesignScenario, type DesignScenarioRun } from './scenario-config';
export { judgeNeed, judgeNeeds, type NeedVerdict, type LinearizabilityOf } from './needs';
export { findSessionViolations } from './report';
export { conflictGroups, describeConvergence, describeLeadership, type ConflictGroup, type ConflictVersion } from './story';
export { parseDuration, parsePercent, parseRate, parseThreshold, type Threshold } from './units';
export type * from './types';
