// Generates large, realistic designs for benchmarks and randomized tests: most datastores claim what their
// settings give (as in a reviewed design), a share of them claim something their settings contradict.

import { analyzeDatastore } from '../../server/src/core/derive/datastore';
import type { Datastore, QuorumSpec, ReplicationFamily } from '../../server/src/core/model/design';

const FAMILIES = ['leaderless', 'leader', 'consensus'] as const;
const CLAIMS = ['linearizable', 'strong', 'eventual', 'read-your-writes'] as const;

const span = { start: 0, end: 0 };
const at = <T>(value: T) => ({ value, span, keySpan: span });

/** What the settings give, as an engineer who got it right would claim it. */
function honestClaims(
  family: ReplicationFamily,
  n: number,
  r: QuorumSpec,
  w: QuorumSpec,
  readFrom: 'leader' | 'followers',
  conflicts: 'crdt' | 'last-write-wins',
) {
  const ds: Datastore = {
    name: 'x',
    nameSpan: span,
    span,
    replicas: at(n),
    replication: at(family),
    readQuorum: at(r),
    writeQuorum: at(w),
    readFrom: at(readFrom),
    conflicts: at(conflicts),
  };
  const f = analyzeDatastore(ds).facts!;
  // A design states one model, a CAP side only where there is one.
  return {
    consistency: f.model.consistency.provided[0],
    cap: f.cap === 'neither' ? undefined : f.cap,
    pacelc: f.pacelc,
    tolerates: f.writeFailuresSurvived,
    available: f.writesOnBothSides && f.readsOnBothSides,
  };
}

/** A seeded linear congruential generator (glibc's constants): the same seed, the same designs. */
function lcg(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return s;
  };
}

/**
 * A design with `count` datastores (about 16 lines each) and one component per four datastores.
 * `wrongShare` of the datastores (default one in ten) carry claims drawn at random, which mostly contradict.
 */
export function generateDesign(count: number, seed = 1, wrongShare = 0.1): string {
  const next = lcg(seed);
  const lines = [
    '# Generated design for benchmarks',
    `system: generated-${count}`,
    'description: A large generated design',
    'regions: [us-east, us-west, eu-west]',
    '',
    'datastores:',
  ];
  const provided: { consistency: string; available: boolean }[] = [];
  for (let i = 0; i < count; i++) {
    const family = FAMILIES[next() % 3];
    const n = 3 + 2 * (next() % 2);
    const r: QuorumSpec = family === 'consensus' ? 'majority' : 1 + (next() % n);
    const w: QuorumSpec = family === 'consensus' ? 'majority' : family === 'leader' ? 'majority' : 1 + (next() % n);
    const readFrom = family !== 'leaderless' && next() % 4 === 0 ? 'followers' : 'leader';
    const conflicts = family === 'leaderless' ? 'crdt' : next() % 2 ? 'crdt' : 'last-write-wins';
    const a = Math.ceil(n / 2);
    const honest = honestClaims(family, n, r, w, readFrom, conflicts);
    const wrong = (next() % 1000) / 1000 < wrongShare;
    const claims = wrong
      ? { consistency: CLAIMS[next() % CLAIMS.length], cap: next() % 2 ? 'CP' : 'AP', tolerates: next() % 3 }
      : honest;
    provided.push({ consistency: honest.consistency, available: honest.available });
    lines.push(
      `  store-${i}:`,
      `    replicas: ${n}            # N`,
      `    replication: ${family}`,
      `    read_quorum: ${r}`,
      `    write_quorum: ${w}`,
      ...(family !== 'leaderless' ? [`    read_from: ${readFrom}`] : []),
      `    placement: {us-east: ${a}, eu-west: ${n - a}}`,
      `    conflicts: ${conflicts}`,
      '    claims:',
      `      consistency: ${claims.consistency}`,
      ...(claims.cap ? [`      cap: ${claims.cap}`] : []),
      `      tolerates: ${claims.tolerates}`,
      `    why: "Store ${i} keeps part of the system's state."`,
      '    latency:',
      '      write: exponential(1.5)',
      '      read: "90% exponential(0.5) + 10% pareto(1, 2)"',
    );
  }
  lines.push('', 'components:');
  for (let i = 0; i < count; i += 4) {
    // Components need what their store provides, except in the wrong share.
    const wrong = (next() % 1000) / 1000 < wrongShare;
    const need = wrong ? CLAIMS[next() % CLAIMS.length] : provided[i].consistency;
    // An AP component only leans on stores that stay available; a CP one accepts refusals.
    const stores = [i, ...(i + 1 < count ? [i + 1] : [])];
    const choice = wrong ? (next() % 2 ? 'CP' : 'AP') : stores.every((k) => provided[k].available) ? 'AP' : 'CP';
    lines.push(`  service-${i}:`, `    choice: ${choice}`, '    uses:', `      store-${i}: ${need}`);
    if (i + 1 < count) lines.push(`      store-${i + 1}: eventual`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * The hard shape: every datastore runs a real engine and is placed over three regions, every other one claims
 * more than its settings give, and each component uses two datastores (one component per two datastores).
 * `engines: 'cassandra'` is the shape measured in issue 11 (about 16 lines per datastore, about 3.8 findings per
 * datastore); `'mixed'` cycles through every engine's own example settings, placed to match the N it derives.
 */
export function generateEngineDesign(count: number, engines: 'cassandra' | 'mixed' = 'cassandra', seed = 1): string {
  const next = lcg(seed);
  const lines = [
    `# Generated engine design (${engines}) for benchmarks`,
    `system: engines-${count}`,
    'regions: [us-east, us-west, eu-west]',
    '',
    'datastores:',
  ];
  const kinds = engines === 'cassandra' ? [cassandraKind] : mixedKinds();
  for (let i = 0; i < count; i++) {
    const kind = kinds[i % kinds.length];
    const overclaims = i % 2 === 1;
    lines.push(`  store-${i}:`, `    engine: ${kind.engine}`, '    settings:', ...kind.settings(next).map((l) => `      ${l}`));
    if (kind.placement) lines.push(`    placement: ${kind.placement}`);
    lines.push(
      '    claims:',
      ...(overclaims
        ? [
            '      consistency: linearizable',
            '      cap: CP',
            '      pacelc: PC/EC',
            `      tolerates: ${kind.n}`,
            '      loss_free: true',
            '      on_partition: serve-stale',
            '      survives_region_loss: any',
          ]
        : [`      consistency: ${kind.honest.consistency}`, `      tolerates: ${kind.honest.tolerates}`]),
    );
    lines.push(
      `    why: "Store ${i} keeps part of the system's state."`,
      '    latency:',
      '      write: exponential(1.5)',
      '      read: "90% exponential(0.5) + 10% pareto(1, 2)"',
    );
  }
  lines.push('', 'components:');
  for (let i = 0; i + 1 < count; i += 2) {
    const a = kinds[i % kinds.length];
    lines.push(
      `  service-${i}:`,
      `    choice: ${next() % 2 ? 'AP' : 'CP'}`,
      '    uses:',
      `      store-${i}: ${a.honest.consistency}`,
      `      store-${i + 1}: strong`,
    );
  }
  return `${lines.join('\n')}\n`;
}

interface EngineKind {
  engine: string;
  n: number;
  settings: (next: () => number) => string[];
  placement?: string;
  honest: { consistency: string; tolerates: number };
}

const CASSANDRA_LEVELS = ['ONE', 'QUORUM', 'LOCAL_QUORUM'] as const;

const cassandraKind: EngineKind = {
  engine: 'cassandra',
  n: 3,
  settings: (next) => [
    'replication_factor: 3',
    `read_consistency: ${CASSANDRA_LEVELS[next() % 3]}`,
    `write_consistency: ${CASSANDRA_LEVELS[next() % 3]}`,
  ],
  placement: '{us-east: 1, us-west: 1, eu-west: 1}',
  // What holds whatever the levels drawn: nothing stronger than eventual, and no failure survived for sure.
  honest: { consistency: 'eventual', tolerates: 0 },
};

/** One kind per engine: its own example settings, placed over the three regions when it takes a placement. */
function mixedKinds(): EngineKind[] {
  // Imported lazily so the plain generator does not load every engine.
  const { allEngines } =
    require('../../server/src/core/engines/registry') as typeof import('../../server/src/core/engines/registry');
  const { analyzeFull } =
    require('../../server/src/core/analysis/analyze') as typeof import('../../server/src/core/analysis/analyze');
  const kinds: EngineKind[] = [];
  for (const e of allEngines()) {
    const settings = Object.entries(e.example ?? {}).map(([k, v]) => `${k}: ${JSON.stringify(v)}`);
    const probe = (placement?: string) =>
      analyzeFull(
        `${['system: s', 'regions: [us-east, us-west, eu-west]', 'datastores:', '  st:', `    engine: ${e.id}`, '    settings:', ...settings.map((l) => `      ${l}`), ...(placement ? [`    placement: ${placement}`] : [])].join('\n')}\n`,
      );
    const bare = probe().analyses.get('st')?.facts;
    if (!bare) continue;
    const n = bare.model.n;
    const split = [Math.ceil(n / 3), Math.ceil((n - Math.ceil(n / 3)) / 2)];
    const placement = `{us-east: ${split[0]}, us-west: ${split[1]}, eu-west: ${n - split[0] - split[1]}}`;
    const placed = probe(placement);
    const ok = placed.findings.length === 0 && placed.analyses.get('st')?.facts?.model.topology.placed;
    const facts = (ok ? placed : probe()).analyses.get('st')!.facts!;
    kinds.push({
      engine: e.id,
      n,
      settings: () => settings,
      placement: ok ? placement : undefined,
      honest: { consistency: facts.model.consistency.provided[0], tolerates: facts.writeFailuresSurvived },
    });
  }
  return kinds;
}
