// Every rule, firing and not firing: each case is a small design, the rule it must (or must not) report,
// and the exact text the finding must point at.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeFull } from '../../../server/src/core/analysis/analyze';
import { RULE_NAMES, type RuleName } from '../../../server/src/core/rules/registry';

interface Case {
  rule: RuleName;
  /** A design that triggers the rule, and the text its finding points at. */
  fires: string;
  at: string;
  /** The same design made right: the rule stays silent. */
  passes: string;
  message?: RegExp;
}

const store = (body: string, extra = '') =>
  `system: s\nregions: [a, b]\ndatastores:\n  kv:\n${body.replace(/^/gm, '    ')}\n${extra}`;

const SCENARIO = `system: s
regions: [west, east, south]
datastores:
  cache:
    replicas: 3
    read_quorum: one
    write_quorum: one
    conflicts: crdt
    placement: {west: 1, east: 1, south: 1}
components:
  web:
    uses: {cache: eventual}
scenarios:
  - name: west cut off
    duration: 10s
    workload: {reads: 80%, writes: 20%, rate: 200}
    partitions: [{isolate: west, at: 2s, heal: 8s}]
    expect:
      - {datastore: cache, stale_reads: "LIMIT"}
`;

const CASES: Case[] = [
  {
    rule: 'region-loss-claim-contradicted',
    fires: store('replicas: 5\nreplication: consensus\nplacement: {a: 3, b: 2}\nclaims: {survives_region_loss: any}'),
    at: 'any',
    passes: store('replicas: 5\nreplication: consensus\nplacement: {a: 3, b: 2}\nclaims: {survives_region_loss: b}'),
    message: /losing a \(3 of 5 nodes\) stops writes/,
  },
  { rule: 'yaml-syntax', fires: 'system: s\ndatastores:\n  kv: [1\n', at: '', passes: store('replicas: 1') },
  {
    rule: 'schema',
    fires: store('replicas: 3\nreplcas: 3'),
    at: 'replcas',
    passes: store('replicas: 3'),
    message: /Did you mean 'replicas'/,
  },
  {
    rule: 'schema',
    fires: store('replicas: three'),
    at: 'three',
    passes: store('replicas: 3'),
    message: /replicas must be an integer ≥ 1, not 'three'/,
  },
  {
    rule: 'schema',
    fires: store('replicas: 1\nlatency: {write: "pareto(1)"}'),
    at: 'pareto(1)',
    passes: store('replicas: 1\nlatency: {write: "pareto(1, 2)"}'),
    message: /pareto takes 2 arguments/,
  },
  {
    rule: 'schema',
    fires: store('replication: leaderless'),
    at: 'kv',
    passes: store('replicas: 1'),
    message: /does not say how many replicas/,
  },
  {
    rule: 'unknown-reference',
    fires: store('replicas: 1', 'components:\n  c:\n    uses: {kw: eventual}\n'),
    at: 'kw',
    passes: store('replicas: 1', 'components:\n  c:\n    uses: {kv: eventual}\n'),
    message: /Did you mean 'kv'/,
  },
  {
    rule: 'unknown-reference',
    fires: store('replicas: 2\nplacement: {a: 1, c: 1}'),
    at: 'c',
    passes: store('replicas: 2\nplacement: {a: 1, b: 1}'),
  },
  {
    rule: 'quorum-out-of-range',
    fires: store('replicas: 3\nread_quorum: 4'),
    at: '4',
    passes: store('replicas: 3\nread_quorum: 3'),
    message: /above N = 3/,
  },
  {
    rule: 'quorum-out-of-range',
    fires: store('replicas: 3\nwrite_quorum: 0'),
    at: '0',
    passes: store('replicas: 3\nwrite_quorum: 1'),
  },
  {
    rule: 'quorum-out-of-range',
    fires: store('replicas: 3\nplacement: {a: 1, b: 1}'),
    at: 'placement',
    passes: store('replicas: 3\nplacement: {a: 2, b: 1}'),
    message: /1 in a \+ 1 in b = 2 replicas, but replicas is 3/,
  },
  {
    rule: 'claim-needs-quorum-overlap',
    fires: store('replicas: 3\nread_quorum: 1\nwrite_quorum: 2\nclaims: {consistency: sequential}'),
    at: 'sequential',
    passes: store('replicas: 3\nread_quorum: 2\nwrite_quorum: 2\nclaims: {consistency: strong}'),
    message: /R\+W = 1\+2 = 3 ≤ N = 3/,
  },
  {
    rule: 'claim-needs-quorum-overlap',
    fires: store('replicas: 5\nreplication: leader\nread_from: followers\nread_quorum: 2\nwrite_quorum: 3\nclaims: {cap: CP}'),
    at: 'CP',
    passes: store('replicas: 5\nreplication: leader\nread_from: followers\nread_quorum: 3\nwrite_quorum: 3\nclaims: {cap: CP}'),
  },
  {
    rule: 'ca-across-nodes',
    fires: store('replicas: 2\nreplication: consensus\nclaims: {cap: CA}'),
    at: 'CA',
    passes: store('replicas: 1\nclaims: {cap: CA}'),
  },
  {
    rule: 'concurrent-writes-unresolved',
    fires: store('replicas: 4\nwrite_quorum: 2'),
    at: '2',
    passes: store('replicas: 4\nwrite_quorum: 3'),
  },
  {
    rule: 'concurrent-writes-unresolved',
    fires: store('replicas: 3\nconflicts: none'),
    at: 'none',
    passes: store('replicas: 3\nconflicts: crdt'),
  },
  {
    rule: 'lww-drops-writes',
    fires: store('replicas: 3\nconflicts: last-write-wins', 'components:\n  c:\n    uses: {kv: read-your-writes}\n'),
    at: 'last-write-wins',
    passes: store('replicas: 3\nconflicts: last-write-wins', 'components:\n  c:\n    uses: {kv: eventual}\n'),
  },
  {
    rule: 'partition-behaviour-contradicts-claim',
    fires: store('replicas: 3\nreplication: consensus\nclaims: {cap: CP, on_partition: serve-stale}'),
    at: 'serve-stale',
    passes: store('replicas: 3\nreplication: consensus\nclaims: {cap: CP, on_partition: block}'),
  },
  {
    rule: 'partition-behaviour-contradicts-claim',
    fires: store('replicas: 3\nconflicts: crdt\nclaims: {cap: AP, on_partition: reject-writes}'),
    at: 'reject-writes',
    passes: store('replicas: 3\nconflicts: crdt\nclaims: {cap: AP, on_partition: serve-stale}'),
  },
  {
    rule: 'ap-blocked-by-full-quorum',
    fires: store('replicas: 3\nread_quorum: all\nconflicts: crdt\nclaims: {cap: AP}'),
    at: 'all',
    passes: store('replicas: 3\nread_quorum: one\nconflicts: crdt\nclaims: {cap: AP}'),
  },
  {
    rule: 'consensus-needs-majority',
    fires: store('replicas: 5\nreplication: consensus\nwrite_quorum: 2'),
    at: '2',
    passes: store('replicas: 5\nreplication: consensus\nwrite_quorum: 3'),
    message: /below a majority of 5 \(3\)/,
  },
  {
    rule: 'consensus-needs-majority',
    fires: store('replicas: 3\nreplication: consensus\nread_quorum: one'),
    at: 'one',
    passes: store('replicas: 3\nreplication: consensus\nread_quorum: one\nread_from: followers'),
  },
  {
    rule: 'linearizable-needs-consensus',
    fires: store('replicas: 3\nread_quorum: 2\nwrite_quorum: 2\nclaims: {consistency: linearizable}'),
    at: 'linearizable',
    passes: store('replicas: 3\nreplication: consensus\nclaims: {consistency: linearizable}'),
  },
  {
    rule: 'async-ack-loses-writes',
    fires: store('replicas: 3\nreplication: leader\nwrite_quorum: 1\nclaims: {loss_free: true}'),
    at: 'true',
    passes: store('replicas: 3\nreplication: leader\nwrite_quorum: 2\nclaims: {loss_free: true}'),
  },
  {
    rule: 'async-ack-loses-writes',
    fires: store('replicas: 5\nreplication: leader\nwrite_quorum: 2\nclaims: {cap: CP}'),
    at: 'CP',
    passes: store('replicas: 5\nreplication: leader\nwrite_quorum: 3\nclaims: {cap: CP}'),
  },
  {
    rule: 'pacelc-claim-contradicted',
    fires: store('replicas: 3\nreplication: consensus\nclaims: {pacelc: PC/EL}'),
    at: 'PC/EL',
    passes: store('replicas: 3\nreplication: consensus\nclaims: {pacelc: PC/EC}'),
    message: /settings give PC\/EC/,
  },
  {
    rule: 'tolerance-claim-contradicted',
    fires: store('replicas: 4\nreplication: consensus\nclaims: {tolerates: 2}'),
    at: '2',
    passes: store('replicas: 5\nreplication: consensus\nclaims: {tolerates: 2}'),
    message: /It tolerates 1/,
  },
  {
    rule: 'even-replica-majority',
    fires: store('replicas: 4\nreplication: consensus'),
    at: '4',
    passes: store('replicas: 5\nreplication: consensus'),
  },
  {
    rule: 'consistency-claim-contradicted',
    fires: store('replicas: 3\nconflicts: crdt\nclaims: {consistency: monotonic-reads}'),
    at: 'monotonic-reads',
    passes: store('replicas: 3\nconflicts: crdt\nclaims: {consistency: eventual}'),
  },
  {
    rule: 'cap-claim-contradicted',
    fires: store('replicas: 3\nreplication: consensus\nclaims: {cap: AP}'),
    at: 'AP',
    passes: store('replicas: 3\nreplication: consensus\nclaims: {cap: CP}'),
  },
  {
    rule: 'component-needs-stronger-consistency',
    fires: store('replicas: 3\nconflicts: crdt', 'components:\n  c:\n    uses: {kv: causal}\n'),
    at: 'causal',
    passes: store('replicas: 3\nreplication: consensus', 'components:\n  c:\n    uses: {kv: causal}\n'),
  },
  {
    rule: 'ap-component-on-cp-store',
    fires: store('replicas: 3\nreplication: consensus', 'components:\n  c:\n    choice: AP\n    uses: {kv: eventual}\n'),
    at: 'kv',
    passes: store('replicas: 3\nconflicts: crdt', 'components:\n  c:\n    choice: AP\n    uses: {kv: eventual}\n'),
  },
  {
    rule: 'scenario-contradicts-claim',
    fires: SCENARIO.replace('LIMIT', '< 0.1%'),
    at: '"< 0.1%"',
    passes: SCENARIO.replace('LIMIT', '< 50%'),
    message: /Scenario 'west cut off' contradicts this expectation: cache served \d+ stale reads/,
  },
  {
    rule: 'schema',
    fires: SCENARIO.replace('LIMIT', '< 50%').replace('isolate: west', 'isolate: wset'),
    at: 'wset',
    passes: SCENARIO.replace('LIMIT', '< 50%'),
    message: /In scenarios: 'wset' is not a region/,
  },
  {
    rule: 'unknown-engine',
    fires: store('replicas: 3\nengine: etdc'),
    at: 'etdc',
    passes: store('replicas: 3\nengine: etcd'),
    message: /did you mean 'etcd'/,
  },
];

function findingsOf(text: string, rule: RuleName) {
  return analyzeFull(text).findings.filter((f) => f.rule === rule);
}

describe('rules', () => {
  for (const c of CASES) {
    it(`${c.rule} fires at '${c.at}'`, () => {
      const found = findingsOf(c.fires, c.rule);
      assert.ok(
        found.length > 0,
        `expected ${c.rule} in:\n${c.fires}\ngot: ${analyzeFull(c.fires)
          .findings.map((f) => f.rule)
          .join(', ')}`,
      );
      if (c.at)
        assert.ok(
          found.some((f) => c.fires.slice(f.span.start, f.span.end) === c.at),
          `points at '${c.at}', got ${found.map((f) => `'${c.fires.slice(f.span.start, f.span.end)}'`).join(', ')}`,
        );
      if (c.message)
        assert.ok(
          found.some((f) => c.message!.test(f.message)),
          found.map((f) => f.message).join('\n'),
        );
    });
    it(`${c.rule} stays silent when the design is right (${c.at || 'valid YAML'})`, () => {
      assert.deepEqual(findingsOf(c.passes, c.rule), []);
    });
  }

  it('every registered rule has a firing case or is covered elsewhere', () => {
    const covered = new Set<string>(CASES.map((c) => c.rule));
    // Engine rules have their own tests under test/unit/engines.
    const missing = RULE_NAMES.filter((r) => !covered.has(r) && !r.startsWith('engine-'));
    assert.deepEqual(missing, []);
  });

  it('explains a contradicted claim once, with the most specific rule', () => {
    const text = store('replicas: 3\nread_quorum: 1\nwrite_quorum: 1\nconflicts: crdt\nclaims: {consistency: strong, cap: CP}');
    const rules = analyzeFull(text).findings.map((f) => f.rule);
    assert.deepEqual(rules, ['claim-needs-quorum-overlap', 'claim-needs-quorum-overlap']);
  });

  it('stops at syntax errors instead of piling up follow-on findings', () => {
    const rules = new Set(
      analyzeFull('system: s\ndatastores:\n  kv:\n    replicas: 3\n   claims: {cap: CA}\n').findings.map((f) => f.rule),
    );
    assert.deepEqual([...rules], ['yaml-syntax']);
  });

  it('reports an empty file and a non-map file clearly', () => {
    assert.match(analyzeFull('').findings[0].message, /empty/);
    assert.match(analyzeFull('- a\n- b\n').findings[0].message, /map of keys/);
  });
});
