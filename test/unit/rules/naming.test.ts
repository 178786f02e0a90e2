// One module per rule, named after its id: `rules/<id>.ts` exports the rule as the id in camelCase
// (`claim-needs-quorum-overlap` → `claimNeedsQuorumOverlap`), so a rule id in a finding leads straight to its code.

import assert from 'node:assert/strict';
import { it } from 'node:test';
import { RULE_LIST } from '../../../server/src/core/rules/registry';

const camelCase = (id: string) => id.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

it('every rule lives in rules/<id>.ts and is exported there under its id in camelCase', async () => {
  for (const rule of RULE_LIST) {
    const module = (await import(`../../../server/src/core/rules/${rule.id}`)) as Record<string, unknown>;
    assert.equal(module[camelCase(rule.id)], rule, `rules/${rule.id}.ts does not export ${camelCase(rule.id)}`);
  }
});
