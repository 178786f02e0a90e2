// Who is where in a simulated world: endpoints (replicas and clients) with their regions, the names users
// refer to them by, and the matrix of links cut by active partitions.

import type { EndpointSelector, SimClient, SimStore } from './types';

export const DEFAULT_REGION = 'local';

export interface Endpoint {
  name: string;
  region: number;
  /** Store index for a replica, -1 for a client. */
  store: number;
  /** Replica index within its store, or client index. */
  local: number;
}

export interface Partition {
  id: number;
  /** 1 where the endpoint is on that side. */
  a: Uint8Array;
  b: Uint8Array;
  label: string;
}

/** Node ids are `<store>-<k>` with k from 1, as people number servers. */
export function nodeName(store: string, replica: number): string {
  return `${store}-${replica + 1}`;
}

/** The region of each replica of a store: placement in order, any remainder in the first region. */
export function replicaRegions(store: SimStore): string[] {
  const out: string[] = [];
  for (const p of store.placement ?? []) for (let k = 0; k < p.count && out.length < store.n; k++) out.push(p.region);
  const fallback = store.placement?.[0]?.region ?? DEFAULT_REGION;
  while (out.length < store.n) out.push(fallback);
  return out;
}

export class Topology {
  readonly endpoints: Endpoint[] = [];
  readonly regions: string[] = [];
  /** Endpoint id of replica 0 of each store. */
  readonly storeBase: number[] = [];
  readonly clientBase: number;
  private readonly byName = new Map<string, number>();
  private readonly size: number;
  /** blocked[a * size + b] = 1 when a partition cuts the link a–b. */
  private blocked: Uint8Array;
  readonly partitions: Partition[] = [];
  private nextPartitionId = 1;

  constructor(
    private readonly stores: SimStore[],
    readonly clients: SimClient[],
  ) {
    stores.forEach((store, s) => {
      this.storeBase.push(this.endpoints.length);
      replicaRegions(store).forEach((region, i) =>
        this.add({ name: nodeName(store.name, i), region: this.regionIndex(region), store: s, local: i }),
      );
    });
    this.clientBase = this.endpoints.length;
    clients.forEach((c, i) =>
      this.add({ name: c.name, region: this.regionIndex(c.region ?? this.regions[0] ?? DEFAULT_REGION), store: -1, local: i }),
    );
    this.size = this.endpoints.length;
    this.blocked = new Uint8Array(this.size * this.size);
  }

  private add(e: Endpoint): void {
    if (this.byName.has(e.name)) throw new Error(`two endpoints are named '${e.name}'`);
    this.byName.set(e.name, this.endpoints.length);
    this.endpoints.push(e);
  }

  regionIndex(name: string): number {
    let i = this.regions.indexOf(name);
    if (i < 0) i = this.regions.push(name) - 1;
    return i;
  }

  endpointId(name: string): number | undefined {
    return this.byName.get(name);
  }

  /** Endpoints named by a selector: a region, a node id, a client, or a datastore (all its replicas). */
  resolve(selector: EndpointSelector): number[] {
    const id = this.byName.get(selector);
    if (id !== undefined) return [id];
    const region = this.regions.indexOf(selector);
    if (region >= 0) return this.endpoints.flatMap((e, i) => (e.region === region ? [i] : []));
    const store = this.stores.findIndex((s) => s.name === selector);
    if (store >= 0) return this.endpoints.flatMap((e, i) => (e.store === store ? [i] : []));
    throw new Error(`'${selector}' is not a region, node, client or datastore of this simulation`);
  }

  isBlocked(a: number, b: number): boolean {
    return this.blocked[a * this.size + b] === 1;
  }

  get partitioned(): boolean {
    return this.partitions.length > 0;
  }

  /** Cut every link between side a and side b. Returns the partition id (for `heal`). */
  addPartition(a: number[], b: number[], label: string): number {
    const p: Partition = { id: this.nextPartitionId++, a: new Uint8Array(this.size), b: new Uint8Array(this.size), label };
    for (const i of a) p.a[i] = 1;
    for (const i of b) p.b[i] = 1;
    this.partitions.push(p);
    this.recompute();
    return p.id;
  }

  heal(id?: number): void {
    if (id === undefined) this.partitions.length = 0;
    else {
      const k = this.partitions.findIndex((p) => p.id === id);
      if (k >= 0) this.partitions.splice(k, 1);
    }
    this.recompute();
  }

  /** Everything else than the given endpoints. */
  complement(ids: number[]): number[] {
    const set = new Set(ids);
    return this.endpoints.flatMap((_, i) => (set.has(i) ? [] : [i]));
  }

  private recompute(): void {
    const n = this.size;
    this.blocked.fill(0);
    for (const p of this.partitions)
      for (let x = 0; x < n; x++) {
        if (!p.a[x] && !p.b[x]) continue;
        for (let y = 0; y < n; y++) if ((p.a[x] && p.b[y]) || (p.b[x] && p.a[y])) this.blocked[x * n + y] = 1;
      }
  }
}
