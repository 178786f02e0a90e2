// `simulate` and `staleness` end to end, on fixtures with known outcomes (`check-history`: check-history.test.ts).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cli, tempTree } from './helpers';

const BANK = 'test/cli/fixtures/bank.cap.yaml';

describe('cap-lens simulate', () => {
  it('prints the figures and each expectation, and exits 1 when one fails', () => {
    const r = cli(['simulate', BANK, '--scenario', 'eu-cut-off']);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /^Scenario eu-cut-off {2}\(test\/cli\/fixtures\/bank\.cap\.yaml, seed 7, 10 s of requests\)/);
    assert.match(r.stdout, /\nOperations {6}\d+ \(\d+ ok, \d+ failed, \d+ unknown\)\n/);
    assert.match(r.stdout, /\nAvailability {4}\d/);
    assert.match(r.stdout, /\n {2}ledger +minority +0\/\d+ +0\/\d+\n/, 'the minority side of the ledger refuses');
    assert.match(r.stdout, /✓ pass {2}ledger \(clients on the minority side of the partition\) accepted 0 of \d+ writes/);
    assert.match(r.stdout, /✓ pass {2}the history of ledger \(\d+ operations\) is linearizable/);
    assert.match(r.stdout, /✗ fail {2}cache served \d+ stale reads/);
    assert.match(r.stdout, /✖ 1 of 3 expectations failed\n$/);
  });

  it('is reproducible: the same seed gives the same JSON, another seed another run', () => {
    const a = cli(['simulate', BANK, '-s', 'calm', '--seed', '5', '--format', 'json']);
    const b = cli(['simulate', BANK, '-s', 'calm', '--seed', '5', '--format', 'json']);
    assert.equal(a.code, 0, a.stderr);
    assert.equal(a.stdout, b.stdout);
    const run = JSON.parse(a.stdout);
    assert.equal(run.seed, 5);
    assert.equal(run.report.seed, 5);
    assert.deepEqual(
      run.expectations.map((e: { status: string }) => e.status),
      ['pass'],
    );
    assert.notEqual(cli(['simulate', BANK, '-s', 'calm', '--seed', '6', '--format', 'json']).stdout, a.stdout);
  });

  it('names the scenarios when none or a wrong one is chosen (exit 2)', () => {
    const none = cli(['simulate', BANK]);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /has 2 scenarios; choose one with --scenario: eu-cut-off, calm/);
    const typo = cli(['simulate', BANK, '--scenario', 'eu-cutoff']);
    assert.equal(typo.code, 2);
    assert.match(typo.stderr, /no scenario 'eu-cutoff'.* Did you mean 'eu-cut-off'\?/);
  });

  it('refuses a design without scenarios or with broken YAML (exit 2)', () => {
    const dir = tempTree({ 'plain.cap.yaml': 'system: x\ndatastores:\n  a:\n    replicas: 3\n', 'bad.cap.yaml': 'system: [\n' });
    assert.match(cli(['simulate', 'plain.cap.yaml'], { cwd: dir }).stderr, /declares no scenarios/);
    const bad = cli(['simulate', 'bad.cap.yaml'], { cwd: dir });
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /is not valid YAML; run 'cap-lens check bad\.cap\.yaml'/);
  });
});

describe('cap-lens staleness', () => {
  it('prints k-staleness and the t-visibility curve with the 99% and 99.9% times', () => {
    const r = cli(['staleness', BANK, '--datastore', 'cache']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^Datastore cache {2}N=3 R=1 W=1 · latency: lnkd-ssd\n/);
    // C(2,1)/C(3,1) = 2/3 for k = 1; (2/3)^2 for k = 2.
    assert.match(r.stdout, /\n {2}1 +0\.6667 +0\.3333\n {2}2 +0\.4444 +0\.5556\n/);
    for (const t of [0, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000])
      assert.match(r.stdout, new RegExp(`\\n  ${t} ms +\\d+(\\.\\d+)?%\\n`));
    assert.match(r.stdout, /Reaches 99% at [\d.]+ ms, 99\.9% at [\d.]+ ms \(95% CI [\d.]+–[\d.]+ ms\); [\d,]+ trials\./);
    assert.ok(!r.stdout.includes('Datastore ledger'));
  });

  it('writes JSON with a monotone curve, stable for a given seed', () => {
    const a = cli(['staleness', BANK, '--format', 'json']);
    assert.equal(a.stdout, cli(['staleness', BANK, '--format', 'json']).stdout);
    const out = JSON.parse(a.stdout);
    assert.deepEqual(out.times, [0, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000]);
    for (const ds of out.datastores) {
      const ps = ds.tVisibility.map((p: { probability: number }) => p.probability);
      for (let i = 1; i < ps.length; i++) assert.ok(ps[i] >= ps[i - 1], `${ds.name}: curve never falls`);
      assert.ok(ds.t99 <= ds.t999);
    }
    const ledger = out.datastores.find((d: { name: string }) => d.name === 'ledger');
    assert.equal(ledger.pbs.kind, 'what-if', 'reads go to the Raft leader: the chart is what a follower read would give');
  });

  it("follows the store's own read model: a leader's N, R and W in the header, and no chart where PBS does not describe the reads", () => {
    const dir = tempTree({
      'stores.cap.yaml':
        'system: s\ndatastores:\n  kv:\n    engine: etcd\n    settings: {members: 3}\n  carts:\n    engine: cassandra\n    settings: {replication_factor: {dc1: 3, dc2: 3}, consistency: LOCAL_QUORUM}\n',
    });
    const out = cli(['staleness', 'stores.cap.yaml', '--trials', '2000'], { cwd: dir }).stdout;
    assert.match(
      out,
      /^Datastore kv {2}N=3 R=2 W=2 · latency: default model\n {2}A read right after a write: 0%: reads go to the leader, which holds every acknowledged write while it leads\. The figures below are what reading one follower would give \(2 followers, 1 of them with the write at commit\)\./,
    );
    assert.match(
      out,
      /\nDatastore carts {2}N=6 R=2 W=2\n {2}A read right after a write: 0% for a reader in the writer's datacenter .*\n {2}PBS's uniform pick of R of N replicas does not describe these reads, so there is no chart\.\n/,
    );
    const carts = JSON.parse(cli(['staleness', 'stores.cap.yaml', '-d', 'carts', '-f', 'json'], { cwd: dir }).stdout)
      .datastores[0];
    assert.deepEqual([carts.pbs.kind, carts.tVisibility, carts.kStaleness], ['none', null, null]);
  });

  it("places readers and writers as PBS's WAN model does, or where --readers/--writers say", () => {
    // The paper's WAN set-up: N = 3, one replica per datacenter, R = W = 1; about 33% consistent at commit,
    // 99.9% after about 113 ms (Bailis et al., VLDB 2012, §6.2 and Table 4).
    const dir = tempTree({
      'wan.cap.yaml':
        'system: wan\nregions: [dc1, dc2, dc3]\ndatastores:\n  kv:\n    replicas: 3\n    read_quorum: 1\n    write_quorum: 1\n    conflicts: last-write-wins\n    placement: {dc1: 1, dc2: 1, dc3: 1}\n    latency: wan\n',
    });
    const r = cli(['staleness', 'wan.cap.yaml', '--format', 'json'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    const [kv] = JSON.parse(r.stdout).datastores;
    assert.ok(Math.abs(kv.atCommit - 1 / 3) < 0.01, `at commit ${kv.atCommit}`);
    assert.ok(kv.t999 > 105 && kv.t999 < 122, `99.9% at ${kv.t999} ms`);
    assert.ok(kv.t999Interval[0] <= kv.t999 && kv.t999 <= kv.t999Interval[1]);
    assert.deepEqual(kv.sites, {
      regions: ['dc1', 'dc2', 'dc3'],
      replicas: ['dc1', 'dc2', 'dc3'],
      readers: ['dc1', 'dc2', 'dc3'],
      writers: ['dc1', 'dc2', 'dc3'],
    });
    const text = cli(['staleness', 'wan.cap.yaml'], { cwd: dir }).stdout;
    assert.match(text, /Replicas: 1 in dc1, 1 in dc2, 1 in dc3\. Reads and writes each start in a random one of dc1, dc2, dc3/);
    // Readers beside the writers: the local replica has the write at commit.
    const near = JSON.parse(
      cli(['staleness', 'wan.cap.yaml', '-f', 'json', '--readers', 'dc1', '--writers', 'dc1'], { cwd: dir }).stdout,
    ).datastores[0];
    assert.ok(near.atCommit > 0.999, `same datacenter: ${near.atCommit}`);
    const far = JSON.parse(
      cli(['staleness', 'wan.cap.yaml', '-f', 'json', '--readers', 'dc2', '--writers', 'dc1'], { cwd: dir }).stdout,
    ).datastores[0];
    assert.ok(far.atCommit < 0.001, `across datacenters: ${far.atCommit}`);
    const typo = cli(['staleness', 'wan.cap.yaml', '--readers', 'dc4'], { cwd: dir });
    assert.equal(typo.code, 2);
    assert.match(typo.stderr, /--readers: no region 'dc4' in wan\.cap\.yaml\. Did you mean 'dc1'\?/);
    const trials = cli(['staleness', 'wan.cap.yaml', '--trials', 'many'], { cwd: dir });
    assert.equal(trials.code, 2);
    assert.match(trials.stderr, /--trials must be 'auto' or a whole number/);
  });

  it('suggests the datastore name on a typo (exit 2)', () => {
    const r = cli(['staleness', BANK, '-d', 'cahce']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /no datastore 'cahce'.* Did you mean 'cache'\?/);
  });
});
