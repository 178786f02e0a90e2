// Where a store's replicas and its clients are, for t-visibility: one set of latency legs when distance does
// not matter, or replicas in sites (regions) with coordinators drawn among them when the latency model has a
// remote part (the `wan` preset). By default reads and writes originate in a random region that holds a
// replica, each region alike, as in PBS's WAN model (Bailis et al., VLDB 2012, §6.2); a design (or the
// command line) may say instead which regions its readers and writers are in. Shared by the staleness tab and
// `cap-lens staleness`.

import { resolveLatency, type LatencyInput, type LatencyLegs } from './presets';
import type { TVisibilitySites } from './staleness';

export interface ClientRegions {
  /** Regions the reading clients are in (each alike); default: every region holding a replica. */
  readers?: readonly string[];
  /** Regions the writing clients are in; default: every region holding a replica. */
  writers?: readonly string[];
}

export type VisibilityModel =
  /** Distance plays no part: every replica has the same legs. */
  | { kind: 'uniform'; legs: LatencyLegs }
  /** Replicas in sites; `siteNames[i]` names site i, `readers`/`writers` say where the clients were taken to be. */
  | { kind: 'sites'; sites: TVisibilitySites; siteNames: string[]; readers: string[]; writers: string[] };

/**
 * The t-visibility model of a store of `n` replicas placed as `placement` (replicas beyond the placement are
 * in its first region) under `latency`. Client regions outside the placement are sites with no replica (every
 * replica is remote to them).
 */
export function visibilityModel(
  n: number,
  placement: readonly { region: string; count: number }[] | undefined,
  latency: LatencyInput,
  clients: ClientRegions = {},
): VisibilityModel {
  const local = resolveLatency(latency, { crossRegion: false });
  const remote = resolveLatency(latency, { crossRegion: true });
  const regions: string[] = [];
  for (const p of placement ?? []) for (let k = 0; k < p.count && regions.length < n; k++) regions.push(p.region);
  const placed = [...new Set(regions)];
  if (JSON.stringify(local) === JSON.stringify(remote) || placed.length === 0) return { kind: 'uniform', legs: local };
  while (regions.length < n) regions.push(regions[0]);
  const siteNames = [...placed];
  const siteOf = (name: string) => {
    let i = siteNames.indexOf(name);
    if (i < 0) i = siteNames.push(name) - 1;
    return i;
  };
  const readers = clients.readers?.length ? [...new Set(clients.readers)] : placed;
  const writers = clients.writers?.length ? [...new Set(clients.writers)] : placed;
  const replicaSite = regions.map(siteOf);
  const writerSites = new Set(writers.map(siteOf));
  const readerSites = new Set(readers.map(siteOf));
  const weights = (ids: Set<number>) => siteNames.map((_, i) => (ids.has(i) ? 1 : 0));
  return {
    kind: 'sites',
    sites: { replicaSite, local, remote, writers: weights(writerSites), readers: weights(readerSites) },
    siteNames,
    readers,
    writers,
  };
}

/** The options of tVisibility for a model. */
export function visibilityOptions(model: VisibilityModel): { legs: LatencyLegs } | { sites: TVisibilitySites } {
  return model.kind === 'uniform' ? { legs: model.legs } : { sites: model.sites };
}
