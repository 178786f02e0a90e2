// Apache CouchDB 2+/3 clusters: each document has n copies on different nodes; a read returns after r copies
// answer and a write after w, both a majority by default. A write that reaches fewer than w copies still
// succeeds with 202 Accepted. Concurrent edits become conflicting revisions that are kept, not dropped.

import { atLeast } from '../semantics/availability';
import type { Datastore } from '../model/design';
import type { Engine, EngineProblem, EngineTranslation } from './engine';
import { everywhere, placeReplicas } from './generic';
import { invalidSetting, majority, Settings, TranslationBuilder } from './settings';
import { plural } from '../text/format';

const DOCS = {
  // "The number of copies … that have to be read before CouchDB returns with a 200 is equal to a half of total
  // copies of the document plus one. It is the same for … a write … 201. If there are less nodes than that
  // number, then 202 is returned."
  theory: 'https://docs.couchdb.org/en/stable/cluster/theory.html',
  // [cluster] n = 3 by default for clusters of three nodes or more.
  config: 'https://docs.couchdb.org/en/stable/config/cluster.html',
  // Conflicting revisions are kept; a deterministic winner is shown and the losers stay in _conflicts.
  conflicts: 'https://docs.couchdb.org/en/stable/replication/conflicts.html',
  // "The _view, _find, and _search endpoints read only one copy no matter what quorum is configured."
  sharding: 'https://docs.couchdb.org/en/stable/cluster/sharding.html',
  // CouchDB's eventual consistency and its place in CAP ("availability and partition tolerance").
  consistency: 'https://docs.couchdb.org/en/stable/intro/consistency.html',
};

export function translateCouch(ds: Datastore): EngineTranslation {
  const s = new Settings(couchdb, ds);
  const b = new TranslationBuilder(s);
  const t = b.t;
  t.replication = 'leaderless';
  t.conflicts = 'vector-clocks';
  const n = s.int('n') ?? 3;
  const r = Math.min(n, s.int('r') ?? majority(n));
  const wRequested = Math.min(n, s.int('w') ?? majority(n));
  const accept202 = s.bool('accept_202') ?? true;
  // With every copy reachable a write gets its 201 on w copies; 202 Accepted (fewer) happens under failures.
  const w = wRequested;
  t.replicas = n;
  t.readQuorum = r;
  t.writeQuorum = w;
  b.origin('replicas', 'n').origin('readQuorum', 'r').origin('writeQuorum', 'w', 'accept_202');
  b.line('n', `n: ${n} → N = ${plural(n, 'copy', 'copies')} of each document, on different nodes.`);
  b.line(
    'r',
    `r: ${r}${s.has('r') ? '' : ' (a majority, the default)'} → a read returns after ${plural(r, 'copy', 'copies')} ${r === 1 ? 'answers' : 'answer'}, with the winning revision among them.`,
  );
  b.line(
    ['w', 'accept_202'],
    accept202
      ? `w: ${wRequested} → with every copy reachable a write returns 201 once ${plural(wRequested, 'copy', 'copies')} ${wRequested === 1 ? 'has' : 'have'} it; under failures a write stored on fewer copies still returns 202 Accepted, and the application treats it as success (accept_202): then only 1 copy is guaranteed.`
      : `w: ${wRequested}, and the application treats 202 Accepted as a failure: an acknowledged (201) write is on ${plural(wRequested, 'copy', 'copies')} (W = ${wRequested}).`,
  );
  b.line(
    'r',
    'r is not a hard quorum: a read returns once the reachable copies have answered, so with copies down it can come from one stale copy ("n=3: any 2 nodes can be down"). _view, _find and _search read a single copy whatever r is.',
  );
  b.line(
    undefined,
    'Concurrent edits of one document on different copies become conflicting revisions: CouchDB shows a deterministic winner and keeps the others in _conflicts for the application to merge.',
  );
  t.consistency = {
    provided: ['eventual'],
    whileHealthy: r + wRequested > n ? ['strong'] : ['eventual'],
    reason: `${accept202 && r + wRequested > n ? `a write that reached fewer than w = ${plural(wRequested, 'copy', 'copies')} still succeeds with 202 Accepted, and ` : ''}a read does not wait for r = ${plural(r, 'copy', 'copies')} when fewer are reachable: it returns the winner among the copies that answered, so with copies down it can miss every copy that has the latest write.`,
    setting: accept202 ? 'accept_202' : 'r',
    fix: accept202 ? { title: 'Treat 202 Accepted as a failed write', key: 'accept_202', value: false } : undefined,
  };
  // "n=3: any 2 nodes can be down" for reads and writes (a 202 write, a read from the copies that answer).
  t.availability = (placement) => {
    const topology = placeReplicas(n, placement, false);
    const all = topology.classes.map((c) => c.id);
    return {
      topology,
      write: everywhere(
        topology,
        atLeast(accept202 ? 1 : wRequested, all),
        accept202
          ? 'any one copy (a 202 Accepted write counts as success)'
          : `w = ${plural(wRequested, 'copy', 'copies')} (a 202 Accepted write counts as a failure)`,
      ),
      read: everywhere(topology, atLeast(1, all), 'any one copy (reads return what the reachable copies have)'),
    };
  };
  t.staleness = {
    kind: 'uniform',
    pool: n,
    r,
    w: wRequested,
    note: 'that is with every copy reachable; with copies down, a read answered by fewer than r copies, or a 202 write on fewer than w, can be stale',
  };
  return b.done();
}

function validateCouch(ds: Datastore): EngineProblem[] {
  const s = new Settings(couchdb, ds);
  const n = s.int('n') ?? 3;
  const out: EngineProblem[] = [];
  for (const key of ['r', 'w']) {
    const v = s.int(key);
    if (v !== undefined && v > n)
      out.push(
        invalidSetting(
          key,
          `${key}: ${v} asks for more copies than n = ${n}: ${key === 'r' ? 'reads' : 'writes'} can never reach it.`,
        ),
      );
  }
  return out;
}

export const couchdb: Engine = {
  id: 'couchdb',
  displayName: 'Apache CouchDB',
  aliases: ['apache-couchdb'],
  family: 'leaderless',
  usualCap: 'AP',
  usualPacelc: 'PA/EC',
  summary:
    'A cluster keeps n = 3 copies of each document and answers reads and writes after a majority by default, but a write on fewer copies still returns 202 Accepted; conflicting edits are kept as revisions for the application to merge.',
  sources: [
    { title: 'CouchDB: Cluster theory (n, r, w, 202 Accepted)', url: DOCS.theory },
    { title: 'CouchDB: Eventual consistency', url: DOCS.consistency },
    { title: 'CouchDB: Replication and conflict model', url: DOCS.conflicts },
  ],
  countSetting: { key: 'n' },
  settings: {
    n: {
      type: 'integer',
      minimum: 1,
      default: 3,
      description: 'Copies of each document (`[cluster] n`, or `?n=` when creating the database).',
      source: DOCS.config,
    },
    r: {
      type: 'integer',
      minimum: 1,
      description: 'Read quorum: copies that must answer (default: a majority of n).',
      source: DOCS.theory,
    },
    w: {
      type: 'integer',
      minimum: 1,
      description:
        'Write quorum: copies that must store a write for 201 Created (default: a majority of n); fewer gives 202 Accepted.',
      source: DOCS.theory,
    },
    accept_202: {
      type: 'boolean',
      default: true,
      description:
        'The application treats 202 Accepted (stored on fewer than w copies) as a successful write, as most HTTP clients do.',
      source: DOCS.theory,
    },
  },
  example: { n: 3 },
  translate: translateCouch,
  validate: validateCouch,
};
