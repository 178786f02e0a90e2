// Apache CouchDB 2+/3 clusters: each document has n copies on different nodes; a read returns after r copies
// answer and a write after w, both a majority by default. A write that reaches fewer than w copies still
// succeeds with 202 Accepted. Concurrent edits become conflicting revisions that are kept, not dropped.

import type { Finding } from '../findings';
import type { Datastore } from '../model/design';
import type { Engine, EngineTranslation } from './engine';
import { invalidSetting, majority, Settings, TranslationBuilder } from './settings';

const DOCS = {
  // "The number of copies … that have to be read before CouchDB returns with a 200 is equal to a half of total
  // copies of the document plus one. It is the same for … a write … 201. If there are less nodes than that
  // number, then 202 is returned."
  theory: 'https://docs.couchdb.org/en/stable/cluster/theory.html',
  // [cluster] n = 3 by default for clusters of three nodes or more.
  config: 'https://docs.couchdb.org/en/stable/config/cluster.html',
  // Conflicting revisions are kept; a deterministic winner is shown and the losers stay in _conflicts.
  conflicts: 'https://docs.couchdb.org/en/stable/replication/conflicts.html',
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
  const w = accept202 ? 1 : wRequested;
  t.replicas = n;
  t.readQuorum = r;
  t.writeQuorum = w;
  b.origin('replicas', 'n').origin('readQuorum', 'r').origin('writeQuorum', accept202 ? 'accept_202' : 'w', 'w');
  b.line('n', `n: ${n} → N = ${n} copies of each document, on different nodes.`);
  b.line('r', `r: ${r}${s.has('r') ? '' : ' (a majority, the default)'} → a read returns after ${r} copies answer, with the winning revision among them.`);
  b.line(['w', 'accept_202'], accept202 ? `w: ${wRequested} is requested, but a write stored on fewer copies still returns 202 Accepted, and the application treats it as success (accept_202): only 1 copy is guaranteed (W = 1).` : `w: ${wRequested}, and the application treats 202 Accepted as a failure: an acknowledged (201) write is on ${wRequested} copies (W = ${wRequested}).`);
  b.line(undefined, 'Concurrent edits of one document on different copies become conflicting revisions: CouchDB shows a deterministic winner and keeps the others in _conflicts for the application to merge.');
  if (accept202 && r + wRequested > n) {
    t.guarantee = {
      consistency: ['eventual'],
      reason: `a write that reached fewer than w = ${wRequested} copies still succeeds with 202 Accepted, so a read quorum of r = ${r} can miss every copy that has it.`,
      setting: 'accept_202',
      fix: { title: 'Treat 202 Accepted as a failed write', key: 'accept_202', value: false },
    };
  }
  return b.done();
}

function validateCouch(ds: Datastore): Finding[] {
  const s = new Settings(couchdb, ds);
  const n = s.int('n') ?? 3;
  const out: Finding[] = [];
  for (const key of ['r', 'w']) {
    const v = s.int(key);
    if (v !== undefined && v > n) out.push(invalidSetting(ds, key, `${key}: ${v} asks for more copies than n = ${n}: ${key === 'r' ? 'reads' : 'writes'} can never reach it.`));
  }
  return out;
}

export const couchdb: Engine = {
  id: 'couchdb',
  displayName: 'Apache CouchDB',
  aliases: ['apache-couchdb'],
  family: 'leaderless',
  usualCap: 'AP',
  usualPacelc: 'PA/EL',
  summary: 'A cluster keeps n = 3 copies of each document and answers reads and writes after a majority by default, but a write on fewer copies still returns 202 Accepted; conflicting edits are kept as revisions for the application to merge.',
  sources: [
    { title: 'CouchDB: Cluster theory (n, r, w, 202 Accepted)', url: DOCS.theory },
    { title: 'CouchDB: Eventual consistency', url: DOCS.consistency },
    { title: 'CouchDB: Replication and conflict model', url: DOCS.conflicts },
  ],
  settings: {
    n: { type: 'integer', minimum: 1, default: 3, description: 'Copies of each document (`[cluster] n`, or `?n=` when creating the database).', source: DOCS.config },
    r: { type: 'integer', minimum: 1, description: 'Read quorum: copies that must answer (default: a majority of n).', source: DOCS.theory },
    w: { type: 'integer', minimum: 1, description: 'Write quorum: copies that must store a write for 201 Created (default: a majority of n); fewer gives 202 Accepted.', source: DOCS.theory },
    accept_202: { type: 'boolean', default: true, description: 'The application treats 202 Accepted (stored on fewer than w copies) as a successful write, as most HTTP clients do.', source: DOCS.theory },
  },
  example: { n: 3 },
  translate: translateCouch,
  validate: validateCouch,
};
