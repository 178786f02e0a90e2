// Apache ZooKeeper: the leader orders every write through the Zab atomic broadcast, committed on a quorum;
// a read is answered by whichever server the client is connected to, from its local state. `sync` before a
// read makes that server catch up with the leader first.

import { atLeast } from '../semantics/availability';
import type { Datastore } from '../model/design';
import type { Engine, EngineTranslation } from './engine';
import { consensusElectorate, everywhere, placeReplicas } from './generic';
import { majority, Settings, TranslationBuilder } from './settings';
import { plural } from '../text/format';

const DOCS = {
  // Guarantees: sequential consistency, single system image, timeliness; "ZooKeeper does not guarantee that at
  // every instance in time, two different clients will have identical views … use sync".
  guarantees: 'https://zookeeper.apache.org/doc/current/zookeeperProgrammers.html#ch_zkGuarantees',
  // Proposals "committed when a quorum of them acknowledge the proposal"; quorums of size n/2+1; and, under
  // Consistency Guarantees, sync+read "does not strictly guarantee up-to-date data because sync is not
  // currently a quorum operation" (ZOOKEEPER-1675).
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
  t.electorate = consensusElectorate(n, 'ensemble servers');
  b.origin('replicas', 'servers');
  b.line(
    'servers',
    `servers: N = ${n}; the leader commits a write once ${plural(maj, 'server')} ${maj === 1 ? 'has' : 'have'} logged it (Zab).`,
  );
  const sync = s.bool('sync_before_read') ?? false;
  const readOnly = s.bool('readonlymode.enabled') ?? false;
  // Reads are always answered by the connected server from its local state; sync only makes it catch up first.
  t.readFrom = 'followers';
  t.readQuorum = 1;
  b.origin('readQuorum', 'sync_before_read');
  if (sync) {
    b.line(
      'sync_before_read',
      'sync_before_read: true — each read is preceded by sync, so the server catches up with the leader before answering. ZooKeeper\'s docs: this "does not strictly guarantee up-to-date data because sync is not currently a quorum operation": a leader that has been deposed without knowing it can serve the sync.',
    );
  } else {
    b.line(
      'sync_before_read',
      'Reads are answered by the connected server from its local state (R = 1): in order for each session (a client never sees an older view, even after reconnecting elsewhere), but possibly behind the leader and behind what another client already saw.',
    );
  }
  b.line(
    'readonlymode.enabled',
    readOnly
      ? 'readonlymode.enabled: true — a server cut off from the quorum keeps serving reads (frozen at the partition) to clients that connect with canBeReadOnly; writes still need the quorum.'
      : 'readonlymode.enabled: false (the default) — a server cut off from the quorum stops serving its clients, reads included.',
  );
  t.consistency =
    n === 1
      ? { provided: ['linearizable'], reason: 'a standalone server answers every read and write itself, in one order.' }
      : sync
        ? {
            provided: ['sequential'],
            whileHealthy: ['strong'],
            reason:
              'sync before a read makes the server catch up with the leader, which is strong in practice; but sync is not a quorum operation, so a leader deposed by a partition can serve it and the read can still be stale. ZooKeeper guarantees sequential consistency; linearizable reads need a quorum operation (a write) before the read.',
            setting: 'sync_before_read',
          }
        : {
            provided: ['sequential'],
            whileHealthy: ['sequential'],
            reason:
              'a read is answered by the server the client is connected to, which may not have applied the latest committed writes; ZooKeeper guarantees sequential consistency and a single system image (a session never sees an older view), and its docs say clients need sync before a read to see writes made through other servers.',
            setting: 'sync_before_read',
            fix: { title: 'sync before reads', key: 'sync_before_read', value: true },
          };
  t.availability = (placement) => {
    const topology = placeReplicas(n, placement, false);
    const all = topology.classes.map((c) => c.id);
    const quorum = atLeast(maj, all);
    return {
      topology,
      write: everywhere(topology, quorum, `a leader with a quorum of ${maj} of ${plural(n, 'server')}`),
      read: readOnly
        ? everywhere(topology, atLeast(1, all), 'any one server (read-only mode when it is cut off from the quorum)')
        : {
            ...everywhere(topology, quorum, `a server that is part of a quorum (${maj} of ${n})`),
            untilItNotices:
              'a server cut off from the quorum keeps answering stale reads until it notices the leader is gone (about syncLimit × tickTime)',
          },
    };
  };
  t.staleness = sync
    ? {
        kind: 'fresh',
        reason:
          'sync makes the server catch up with the leader before the read (unless a leader deposed without knowing it serves the sync)',
      }
    : {
        kind: 'unmodelled',
        reason:
          'the connected server may lag the leader by its apply delay; ZooKeeper only promises views up to date "within a certain time bound (on the order of tens of seconds)"',
      };
  return b.done();
}

export const zookeeper: Engine = {
  id: 'zookeeper',
  displayName: 'Apache ZooKeeper',
  aliases: ['zk', 'apache-zookeeper'],
  family: 'consensus',
  usualCap: 'CP',
  usualPacelc: 'PC/EL',
  summary:
    'An ensemble orders all writes through its leader (Zab) and commits them on a quorum; reads are served locally by any server, sequentially consistent but possibly stale unless preceded by sync.',
  sources: [
    { title: "ZooKeeper Programmer's Guide: consistency guarantees", url: DOCS.guarantees },
    { title: 'ZooKeeper Internals: atomic broadcast and quorums', url: DOCS.internals },
    { title: 'ZooKeeper: Wait-free coordination for Internet-scale systems (USENIX ATC 2010)', url: DOCS.paper },
    { title: "ZooKeeper Administrator's Guide (readonlymode.enabled)", url: DOCS.admin },
  ],
  countSetting: { key: 'servers' },
  settings: {
    servers: {
      type: 'integer',
      minimum: 1,
      description: 'Voting servers in the ensemble (3 or 5 is usual).',
      source: DOCS.admin,
      example: 3,
    },
    sync_before_read: {
      type: 'boolean',
      default: false,
      description:
        'Clients call `sync` before reads that must see the latest writes (not a quorum operation: strong in practice, not linearizable).',
      source: DOCS.internals,
    },
    'readonlymode.enabled': {
      type: 'boolean',
      default: false,
      description:
        'Read-only mode: a server cut off from the quorum keeps serving reads to clients created with canBeReadOnly (experimental; needs localSessionsEnabled).',
      source: DOCS.admin,
    },
  },
  example: { servers: 3 },
  translate: translateZookeeper,
};
