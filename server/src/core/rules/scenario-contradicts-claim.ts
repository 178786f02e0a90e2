// Diagnostic: scenario-contradicts-claim — a scenario declared in the design, run in the simulator,
// contradicts one of its own expectations or a claim of a datastore it exercises. Malformed scenarios are
// reported as `schema` problems at the exact key. Planning, bounding and judging the runs live in
// scenario-plan.ts, shared with the language server, which runs them in a worker thread.

import { checkScenarios } from './scenario-plan';
import { defineRule } from './rule';

export const scenarioContradictsClaim = defineRule({
  id: 'scenario-contradicts-claim',
  severity: 'error',
  summary: 'A simulated scenario in the design contradicts a claim or an expectation.',
  checkDesign: ({ design, analyses }) => checkScenarios(design, analyses),
});
