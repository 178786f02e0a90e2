// Riak KV: Dynamo-style replication of each key to n_val vnodes on a preference list. r and w count any
// vnodes, including fallbacks that stand in for unreachable primaries (sloppy quorum with hinted handoff);
// pr and pw count primaries only. Concurrent writes become siblings (allow_mult) or are resolved by
// timestamp (last_write_wins). Strongly consistent bucket types use a consensus ensemble per key instead.

import { atLeast } from '../semantics/availability';
import type { Datastore } from '../model/design';
import type { Engine, EngineProblem, EngineTranslation } from './engine';
import { everywhere, placeReplicas } from './generic';
import { invalidSetting, majority, Settings, TranslationBuilder } from './settings';
import { plural } from '../text/format';

const DOCS = {
  // n_val (default 3), r, w, pr, pw, dw, notfound_ok, basic_quorum; "quorum" = n_val/2 + 1; sloppy quorums.
  replication: 'https://docs.riak.com/riak/kv/latest/developing/app-guide/replication-properties/',
  // allow_mult and last_write_wins; "Setting both allow_mult and last_write_wins to true necessarily leads to
  // unpredictable behavior and should always be avoided."
  conflicts: 'https://docs.riak.com/riak/kv/latest/developing/usage/conflict-resolution/',
  buckets: 'https://docs.riak.com/riak/kv/latest/learn/concepts/buckets/',
  // "For the default bucket type, allow_mult is set to false by default"; created bucket types default to true.
  bucketTypes: 'https://docs.riak.com/riak/kv/latest/using/reference/bucket-types/',
  strong: 'https://docs.riak.com/riak/kv/latest/developing/app-guide/strong-consistency/',
  eventual: 'https://docs.riak.com/riak/kv/latest/learn/concepts/eventual-consistency/',
  // "In Riak versions 2.0 and later, AAE is turned on by default."
  aae: 'https://docs.riak.com/riak/kv/latest/using/cluster-operations/active-anti-entropy/',
  // schedule_tick/0: "Perform tick every 15 seconds" (anti_entropy_tick, default 15000), one exchange per tick.
  aaeTick: 'https://github.com/basho/riak_kv/blob/develop/src/riak_kv_entropy_manager.erl',
  // vnode_management_timer: "Frequency (in milliseconds) at which Riak checks for primary partitions that need to
  // be transferred", default 10000: fallback vnodes hand their data back to returning primaries then.
  config: 'https://docs.riak.com/riak/kv/latest/configuring/reference/',
};

/** Active anti-entropy every 15 s (on by default since 2.0); hinted handoff checked every 10 s, kept until delivered. */
export const RIAK_TIMERS = {
  antiEntropy: { ms: 15_000, setting: 'anti_entropy_tick', source: DOCS.aaeTick },
  hintedHandoff: { every: { ms: 10_000, setting: 'vnode_management_timer', source: DOCS.config } },
};

const WORDS = ['one', 'quorum', 'all', 'default'];

function resolve(value: string | number | undefined, n: number, fallback: number): number {
  if (value === undefined || value === 'default') return fallback;
  if (value === 'one') return 1;
  if (value === 'quorum') return majority(n);
  if (value === 'all') return n;
  return Math.min(n, Number(value));
}

export function translateRiak(ds: Datastore): EngineTranslation {
  const s = new Settings(riak, ds);
  const b = new TranslationBuilder(s);
  const t = b.t;
  t.timers = RIAK_TIMERS;
  const n = s.int('n_val') ?? 3;
  t.replicas = n;
  b.origin('replicas', 'n_val');
  b.line('n_val', `n_val: ${n} → N = ${plural(n, 'vnode')} on each key's preference list.`);
  if (s.bool('consistent')) {
    t.replication = 'consensus';
    t.readQuorum = t.writeQuorum = majority(n);
    t.readFrom = 'leader';
    b.line(
      'consistent',
      `consistent: true — a strongly consistent bucket type: each key is managed by a consensus ensemble of ${plural(n, 'vnode')}; reads and writes need a majority (${majority(n)}).`,
    );
    return b.done();
  }
  t.replication = 'leaderless';
  const r = resolve(s.raw('r') as string | number | undefined, n, majority(n));
  const w = resolve(s.raw('w') as string | number | undefined, n, majority(n));
  const pr = resolve(s.raw('pr') as string | number | undefined, n, 0);
  const pw = resolve(s.raw('pw') as string | number | undefined, n, 0);
  const sloppy = pr + pw <= n;
  // R and W are what holds with every node up: r and w replies from the key's own (primary) vnodes. Under
  // failures fallback vnodes stand in; that is in the availability conditions and the consistency below.
  t.readQuorum = r;
  t.writeQuorum = w;
  b.origin('readQuorum', 'r', 'pr').origin('writeQuorum', 'w', 'pw');
  b.line('r', `r: ${s.str('r') ?? 'quorum'} → ${plural(r, 'vnode')} ${r === 1 ? 'answers' : 'answer'} each read.`);
  b.line('w', `w: ${s.str('w') ?? 'quorum'} → ${plural(w, 'vnode')} ${w === 1 ? 'acknowledges' : 'acknowledge'} each write.`);
  b.line(
    ['pr', 'pw'],
    pr + pw > 0
      ? `pr: ${pr}, pw: ${pw} — that many of the responses must come from primary vnodes, not fallbacks.`
      : 'pr and pw are 0: during failures, fallback vnodes outside the preference list count towards r and w (sloppy quorum, hinted handoff).',
  );
  if (sloppy)
    b.line(
      ['r', 'w', 'pr', 'pw'],
      `Sloppy quorum: only pr = ${pr} and pw = ${pw} responses are sure to come from the key's own replicas, so under failures a read and a write can land on disjoint vnodes; with every node up, r + w = ${r + w}${r + w > n ? ' > n_val and reads see the latest write' : ' ≤ n_val'}.`,
    );
  // Fallback vnodes on the rest of the cluster count towards r and w: only pr and pw need the key's own replicas.
  t.availability = (placement) => {
    const topology = placeReplicas(n, placement, false);
    const primaries = topology.classes.map((c) => c.id);
    const fallback = (k: number) =>
      k > 0
        ? `${k} of the key's ${n} primary vnodes (fallbacks elsewhere count for the rest)`
        : 'any vnodes (fallbacks on other nodes stand in for unreachable primaries)';
    return {
      topology,
      write: everywhere(topology, atLeast(pw, primaries), fallback(pw)),
      read: everywhere(topology, atLeast(pr, primaries), fallback(pr)),
    };
  };
  t.staleness = {
    kind: 'uniform',
    pool: n,
    r,
    w,
    note: sloppy
      ? 'that is with every node up: during failures, a read answered by fallback vnodes can miss the write (sloppy quorum)'
      : undefined,
  };
  if (r + w > n && sloppy) {
    t.consistency = {
      provided: ['eventual'],
      whileHealthy: ['strong'],
      reason: `R+W = ${r}+${w} > n_val = ${n} only makes quorums overlap among primary vnodes; with pr + pw = ${pr + pw} ≤ n_val, a write during a failure can be acknowledged by fallback vnodes and a read by other vnodes, and they miss each other (sloppy quorum).`,
      setting: 'pw',
      // Overlap among primaries needs pr + pw > n_val: a primary quorum on both sides.
      fix: {
        title: `Require primary quorums: pr ${majority(n)}, pw ${majority(n)}`,
        key: 'pr',
        value: majority(n),
        also: { pw: majority(n) },
      },
    };
  }
  const allowMult = s.bool('allow_mult') ?? true;
  const lww = s.bool('last_write_wins') ?? false;
  if (allowMult && !lww) {
    t.conflicts = 'vector-clocks';
    b.line(
      ['allow_mult', 'last_write_wins'],
      'allow_mult: true — concurrent writes are kept as siblings, returned together for the application to merge (or use Riak data types).',
    );
  } else {
    t.conflicts = 'last-write-wins';
    t.writeLoss = {
      reason: lww
        ? 'last_write_wins: true keeps only the write with the latest timestamp: a concurrent acknowledged write, or one from a node with a slower clock, is silently dropped.'
        : 'allow_mult: false resolves concurrent writes without siblings, keeping one by timestamp: the other acknowledged write is silently dropped.',
      setting: lww ? 'last_write_wins' : 'allow_mult',
      breaksCp: false,
      fix: { title: 'Keep siblings: allow_mult true', key: lww ? 'last_write_wins' : 'allow_mult', value: !lww },
    };
    b.line(
      ['allow_mult', 'last_write_wins'],
      `${lww ? 'last_write_wins: true' : 'allow_mult: false'} — concurrent writes are resolved by timestamp; one of them is lost.`,
    );
  }
  return b.done();
}

function validateRiak(ds: Datastore): EngineProblem[] {
  const s = new Settings(riak, ds);
  const out: EngineProblem[] = [];
  if (s.bool('allow_mult') && s.bool('last_write_wins')) {
    out.push(
      invalidSetting(
        'last_write_wins',
        'Riak\'s docs: "Setting both allow_mult and last_write_wins to true necessarily leads to unpredictable behavior and should always be avoided." Choose siblings (allow_mult) or timestamps (last_write_wins).',
      ),
    );
  }
  const n = s.int('n_val') ?? 3;
  for (const key of ['r', 'w', 'pr', 'pw']) {
    const v = s.raw(key);
    if (typeof v === 'number' && v > n)
      out.push(invalidSetting(key, `${key}: ${v} exceeds n_val ${n}: the request can never be satisfied.`));
  }
  return out;
}

const quorumSetting = (what: string) => ({
  type: 'string' as const,
  values: WORDS,
  integers: true,
  minimum: 0,
  valueDocs: { one: '1', quorum: 'n_val/2 + 1', all: 'n_val', default: 'The bucket default.' },
  source: DOCS.replication,
  description: what,
});

export const riak: Engine = {
  id: 'riak',
  displayName: 'Riak KV',
  aliases: ['riak-kv'],
  family: 'leaderless',
  usualCap: 'AP',
  usualPacelc: 'PA/EC',
  summary:
    'Dynamo-style: n_val vnodes per key, tunable r and w over a sloppy quorum (fallback vnodes count), and siblings for concurrent writes unless last_write_wins drops them.',
  sources: [
    { title: 'Riak KV: Replication properties', url: DOCS.replication },
    { title: 'Riak KV: Conflict resolution', url: DOCS.conflicts },
  ],
  countSetting: { key: 'n_val' },
  settings: {
    n_val: { type: 'integer', minimum: 1, default: 3, description: 'Replicas of each object.', source: DOCS.replication },
    r: { ...quorumSetting('Read quorum: vnodes that must answer a read (default quorum).'), default: 'quorum' },
    w: { ...quorumSetting('Write quorum: vnodes that must acknowledge a write (default quorum).'), default: 'quorum' },
    pr: { ...quorumSetting('Primary read quorum: how many answering vnodes must be primaries (default 0).'), default: 0 },
    pw: { ...quorumSetting('Primary write quorum: how many acknowledging vnodes must be primaries (default 0).'), default: 0 },
    allow_mult: {
      type: 'boolean',
      default: true,
      description:
        'Keep concurrent writes as siblings. True for bucket types you create in Riak 2.x; false for the `default` bucket type, which silently keeps one of two concurrent writes — write `allow_mult: false` for buckets of the default type.',
      source: DOCS.bucketTypes,
    },
    last_write_wins: {
      type: 'boolean',
      default: false,
      description: 'Resolve concurrent writes by timestamp, keeping only the latest.',
      source: DOCS.buckets,
    },
    consistent: {
      type: 'boolean',
      default: false,
      description: 'A strongly consistent bucket type (consensus per key).',
      source: DOCS.strong,
    },
  },
  example: { n_val: 3, r: 'quorum', w: 'quorum' },
  translate: translateRiak,
  validate: validateRiak,
};
