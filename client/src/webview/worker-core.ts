// What the simulation worker takes from the simulation core: running scenarios and judging them. Imported module
// by module rather than through ./core, so the worker's bundle leaves out the design-file reader (validation
// against the JSON Schema, and with it the YAML library), which only the page needs.

export { runScenario } from '../../../server/src/core/simulation/simulation-engine';
export {
  cachedLinearizability,
  runScenarioExpectations,
  type ExpectationResult,
} from '../../../server/src/core/simulation/expectations';
export { checkLinearizability, type LinearizabilityResult } from '../../../server/src/core/simulation/linearizability';
export { judgeNeeds, type NeedVerdict } from '../../../server/src/core/simulation/needs';
export { scenarioToConfig } from '../../../server/src/core/simulation/scenario-config';
export { conflictGroups, type ConflictGroup } from '../../../server/src/core/simulation/story';
