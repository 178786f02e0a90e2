// Apache ZooKeeper: the leader orders every write through the Zab atomic broadcast, committed on a quorum;
// a read is answered by whichever server the client is connected to, from its local state. `sync` before a
// read makes that server catch up with the leader first.

import type { Datastore } from '../model/design';
import type { Engine, EngineTranslation } from './engine';
import { majority, Settings, TranslationBuilder } from './settings';

const DOCS = {
  // Guarantees: sequential consistency, single system image, timeliness; "ZooKeeper does not guarantee that at
  // every instance in time, two different clients will have identical views … use sync".
  guarantees: 'https://zookeeper.apache.org/doc/current/zookeeperProgrammers.html#ch_zkGuarantees',
  // Proposals "committed when a quorum of them acknowledge the proposal"; quorums of size n/2+1.
  internals: 'https://zookeeper.apache.org/doc/current/zookeeperInternals.html',
  // ZooKeeper: Wait-free coordination for Internet-scale systems (USENIX ATC 2010): linearizable writes, FIFO
  // client order; a read preceded by sync sees all writes that precede the sync.
  paper: 'https://www.usenix.org/legacy/event/atc10/tech/full_papers/Hunt.pdf',
  // readonlymode.enabled (default false): without it, a server partitioned from the quorum serves no clients.
  admin: 'https://zookeeper.apache.org/doc/current/zookeeperAdmin.html',
};

export function translateZookeeper(ds: Datastore): EngineTranslation {
  const s = new Settings(zookeeper, ds);
  const b = new TranslationBuilder(s);
  const t = b.t;
  t.replication = 'consensus';
  const n = s.int('servers');
  if (n === undefined) {
    b.line('servers', 'servers is not set: write the ensemble size (3 or 5) so CAP Lens knows N.');
    return b.done();
  }
  const maj = majority(n);
  t.replicas = n;
  t.writeQuorum = maj;
  b.origin('replicas', 'servers');
  b.line('servers', `servers: N = ${n}; the leader commits a write once ${maj} servers have logged it (Zab).`);
  if (s.bool('sync_before_read')) {
    t.readFrom = 'leader';
    t.readQuorum = maj;
    b.origin('readQuorum', 'sync_before_read');
    b.line('sync_before_read', `sync_before_read: true — each read is preceded by sync, so the server catches up with the leader before answering: it sees every write completed before the sync (modelled as R = ${maj}).`);
  } else {
    t.readFrom = 'followers';
    t.readQuorum = 1;
    b.origin('readQuorum', 'sync_before_read');
    b.line('sync_before_read', 'Reads are answered by the connected server from its local state (R = 1): in order for each client, but possibly behind the leader and behind what another client already saw.');
    t.guarantee = {
      consistency: ['sequential'],
      reason: 'a read is answered by the server the client is connected to, which may not have applied the latest committed writes; ZooKeeper guarantees sequential consistency and a single system image, and its docs say clients need sync before a read to see writes made through other servers.',
      setting: 'sync_before_read',
      fix: { title: 'sync before reads', key: 'sync_before_read', value: true },
    };
  }
  return b.done();
}

export const zookeeper: Engine = {
  id: 'zookeeper',
  displayName: 'Apache ZooKeeper',
  aliases: ['zk', 'apache-zookeeper'],
  family: 'consensus',
  usualCap: 'CP',
  usualPacelc: 'PC/EL',
  classNote:
    'Reads are served by the connected server without contacting the leader, which the N/R/W model counts as follower reads (AP). A server cut off from the quorum stops serving its clients (read-only mode is off by default), so ZooKeeper is classed CP: reads are sequentially consistent, writes linearizable.',
  summary: 'An ensemble orders all writes through its leader (Zab) and commits them on a quorum; reads are served locally by any server, sequentially consistent but possibly stale unless preceded by sync.',
  sources: [
    { title: 'ZooKeeper Programmer\'s Guide: consistency guarantees', url: DOCS.guarantees },
    { title: 'ZooKeeper Internals: atomic broadcast and quorums', url: DOCS.internals },
    { title: 'ZooKeeper: Wait-free coordination for Internet-scale systems (USENIX ATC 2010)', url: DOCS.paper },
    { title: 'ZooKeeper Administrator\'s Guide (readonlymode.enabled)', url: DOCS.admin },
  ],
  settings: {
    servers: { type: 'integer', minimum: 1, description: 'Voting servers in the ensemble (3 or 5 is usual).', source: DOCS.admin, example: 3 },
    sync_before_read: {
      type: 'boolean',
      default: false,
      description: 'Clients call `sync` before reads that must see the latest writes.',
      source: DOCS.guarantees,
    },
  },
  example: { servers: 3 },
  translate: translateZookeeper,
};
