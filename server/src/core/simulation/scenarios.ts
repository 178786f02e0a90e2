// The `scenarios:` section of a design file: its shape, and validation of the raw YAML value into typed
// scenarios with errors that carry the YAML path (so the language server can point at the exact node).
//
//   scenarios:                           # a list, or a map from scenario name to scenario
//     - name: eu cut off                 # required in the list form (the map key in the map form)
//       duration: 30s                    # required: how long clients issue requests (ms, or 500ms / 30s / 2m)
//       seed: 7                          # optional (default 1): the same seed replays the same run
//       timeout: 1s                      # optional client timeout (default 1s): a read then fails, a write is unknown
//       workload:                        # optional (default 50% reads, 50% writes, 100 ops/s)
//         reads: 80%                     #   relative weights of reads, writes and compare-and-sets
//         writes: 20%
//         cas: 0%
//         rate: 200                      #   operations per second, all clients together (200 or 200/s; 0: only `operations`)
//         keys: 1                        #   independent registers (1: all clients contend on one)
//         clients: [checkout, search]    #   components (one client per component and region it runs in), a
//                                        #   number of generic clients, or [{name, region, uses: [datastore]}]
//       partitions:
//         - between: [[eu-west], [us-east, ap-south]]   # two sides: regions, node ids (ledger-2), clients, datastores
//           at: 5s
//           heal: 20s                    # optional: never heals within the run
//         - isolate: ledger-3            # one region/node/client against everything else
//           at: 10s
//       crashes:
//         - node: ledger-1               # a node id: <datastore>-<k>, k from 1
//           at: 8s
//           restart: 15s                 # optional
//         - leader: true                 # whichever node leads `datastore` at that moment
//           datastore: ledger            # needed when several datastores have a leader
//           at: 8s
//       operations:                      # optional: operations at given times, beside the workload
//         - at: 3s
//           component: cart              # the component's client in `region` (or `client: cart@eu-west`)
//           region: eu-west
//           datastore: carts             # default: the client's first datastore
//           write: 10                    # or read: true | add: 10 | increment: 5 | remove: 10 (CRDT sets)
//       datastores:                      # optional: how this run treats each datastore
//         carts:
//           merge: sum                   # vector-clocks: the client's merge of siblings (max | min | sum)
//           type: counter                # crdt: counter | set | register
//           anti_entropy: 10s            # leaderless: interval, or off (default: the engine's)
//           hinted_handoff: 10s          # leaderless: replay interval, or off (default: the engine's)
//           read_repair: true            # leaderless
//           election_timeout: 1s         # consensus / leader (default: the engine's, else from the latency)
//       expect:                          # each item: optional selectors, then one or more checks
//         - datastore: ledger            # selector: only this datastore (default: all)
//           side: minority               # selector: only clients on this side of the partition (minority | majority)
//           writes: refused              # refused (none ok) | accepted (≥ 90% ok) | a threshold like ">= 99%"
//         - datastore: ledger
//           side: majority
//           writes: accepted
//         - datastore: cache
//           stale_reads: none            # none | a count | a rate like "< 1%"
//         - lost_writes: 0               # at most this many acknowledged writes lost
//         - availability: ">= 99%"       # ok / total
//         - datastore: ledger
//           linearizable: true           # the history passes (true) or fails (false) the linearizability checker
//         - latency: { p99: "< 50ms" }   # p50 / p99 of successful operations
//         - component: checkout          # selector: only this component's requests
//           phase: converged             # selector: partitioned | healing | converged
//           needs: met                   # what its clients saw satisfies what its uses: need
//         - datastore: carts
//           converged: true              # replicas caught up after the last heal; convergence: "< 20s" bounds when
//           final_value: [10, 12]        # every replica's final value (a number, or a set / siblings)
//           siblings: ">= 1"             # reads that returned siblings
//         - datastore: ledger
//           time_without_leader: "< 3s"  # and elections: a count or a bound
//
// Times (`at`, `heal`, `restart`) are from the start of the run. See docs/scenarios.md.

import type { PartitionFault } from './types';
import { parseDuration, parsePercent, parseRate } from './units';
import { validateExpectations } from './scenario-expect';
import { validateOperations, validateStoreOptions } from './scenario-options';
import { closest, componentNames, isMap, type Report, type Scenario, type ScenarioClient, type ScenarioContext, type ScenarioCrash, type ScenarioError, type ScenarioWorkload, type YamlPath } from './scenario-shape';

export type * from './scenario-shape';

export const DEFAULT_SCENARIO_WORKLOAD: ScenarioWorkload = { reads: 50, writes: 50, cas: 0, rate: 100, keys: 1 };
/** `accepted` means at least this share of the selected requests succeeded. */
export const ACCEPTED_FRACTION = 0.9;

const SCENARIO_KEYS = ['name', 'duration', 'seed', 'timeout', 'workload', 'partitions', 'crashes', 'operations', 'datastores', 'expect'];
const WORKLOAD_KEYS = ['reads', 'writes', 'cas', 'rate', 'keys', 'clients'];

export function validateScenarios(raw: unknown, context?: ScenarioContext): { scenarios: Scenario[]; errors: ScenarioError[] } {
  const errors: ScenarioError[] = [];
  const scenarios: Scenario[] = [];
  const err = (path: YamlPath, message: string) => errors.push({ path, message });
  if (raw === null || raw === undefined) return { scenarios, errors };

  const entries: { name?: string; value: unknown; path: YamlPath }[] = [];
  if (Array.isArray(raw)) raw.forEach((value, i) => entries.push({ value, path: [i] }));
  else if (isMap(raw)) for (const [name, value] of Object.entries(raw)) entries.push({ name, value, path: [name] });
  else {
    err([], 'scenarios must be a list of scenarios, or a map from scenario name to scenario');
    return { scenarios, errors };
  }

  const names = new Set<string>();
  for (const entry of entries) {
    const s = validateScenario(entry.value, entry.path, entry.name, context, err);
    if (!s) continue;
    if (names.has(s.name)) err([...entry.path, ...(entry.name ? [] : ['name'])], `another scenario is already named '${s.name}'`);
    names.add(s.name);
    scenarios.push(s);
  }
  return { scenarios, errors };
}

function validateScenario(value: unknown, path: YamlPath, mapName: string | undefined, ctx: ScenarioContext | undefined, err: Report): Scenario | undefined {
  if (!isMap(value)) {
    err(path, 'a scenario must be a map with at least `duration` (and `name` in the list form)');
    return undefined;
  }
  for (const key of Object.keys(value)) if (!SCENARIO_KEYS.includes(key)) err([...path, key], `unknown scenario key '${key}'${closest(key, SCENARIO_KEYS)}`);

  let name = mapName;
  if (mapName === undefined) {
    if (typeof value.name === 'string' && value.name.trim() !== '') name = value.name;
    else err(value.name === undefined ? path : [...path, 'name'], 'a scenario needs a `name` (a non-empty string)');
  } else if (value.name !== undefined && value.name !== mapName) err([...path, 'name'], `the name is already given by the key '${mapName}'`);

  const duration = parseDuration(value.duration);
  if (value.duration === undefined) err(path, 'a scenario needs a `duration` (ms, or e.g. 30s)');
  else if (duration === undefined || duration <= 0) err([...path, 'duration'], 'duration must be a positive time: a number of ms, or e.g. 500ms, 30s, 2m');

  let seed: number | undefined;
  if (value.seed !== undefined) {
    if (typeof value.seed === 'number' && Number.isInteger(value.seed)) seed = value.seed;
    else err([...path, 'seed'], 'seed must be an integer');
  }
  let timeout: number | undefined;
  if (value.timeout !== undefined) {
    timeout = parseDuration(value.timeout);
    if (timeout === undefined || timeout <= 0) err([...path, 'timeout'], 'timeout must be a positive time: a number of ms, or e.g. 1s');
  }

  const time = (v: unknown, p: YamlPath, what: string): number | undefined => {
    const t = parseDuration(v);
    if (t === undefined) err(p, `${what} must be a time from the start of the run: a number of ms, or e.g. 5s`);
    else if (duration !== undefined && t > duration) err(p, `${what} (${t} ms) is after the end of the scenario (duration ${duration} ms)`);
    return t;
  };

  const workload = validateWorkload(value.workload, [...path, 'workload'], ctx, err);
  const partitions = validatePartitions(value.partitions, [...path, 'partitions'], ctx, err, time);
  const crashes = validateCrashes(value.crashes, [...path, 'crashes'], ctx, err, time);
  const operations = validateOperations(value.operations, [...path, 'operations'], ctx, err, time);
  const datastores = validateStoreOptions(value.datastores, [...path, 'datastores'], ctx, err);
  const expect = validateExpectations(value.expect, [...path, 'expect'], ctx, err);
  if (workload.rate === 0 && operations.length === 0) err([...path, 'workload', 'rate'], 'with rate 0 nothing happens: give a rate, or `operations:` to run');
  if (workload.keys > 1) for (const o of operations) if (o.key !== undefined && o.key >= workload.keys) err([...o.path, 'key'], `key ${o.key} is not below the workload's keys (${workload.keys})`);
  if (ctx) {
    const names = clientNames(workload, ctx);
    for (const o of operations)
      if (o.client !== undefined && !names.includes(o.client)) err([...o.path, 'client'], `no client is named '${o.client}' in this scenario (clients: ${names.slice(0, 12).join(', ')}${names.length > 12 ? ', …' : ''})`);
      else if (o.component !== undefined && !names.some((n) => n === o.component || n.startsWith(`${o.component}@`)))
        err([...o.path, 'component'], `'${o.component}' has no client in this scenario (${Array.isArray(workload.clients) ? 'it is not in workload.clients' : 'it uses no datastore'})`);
  }

  if (name === undefined || duration === undefined || duration <= 0) return undefined;
  return { name, path, seed, duration, timeout, workload, partitions, crashes, operations, datastores, expect };
}

function validateWorkload(value: unknown, path: YamlPath, ctx: ScenarioContext | undefined, err: Report): ScenarioWorkload {
  const w: ScenarioWorkload = { ...DEFAULT_SCENARIO_WORKLOAD };
  if (value === undefined) return w;
  if (!isMap(value)) {
    err(path, 'workload must be a map: reads, writes, cas, rate, keys, clients');
    return w;
  }
  for (const key of Object.keys(value)) if (!WORKLOAD_KEYS.includes(key)) err([...path, key], `unknown workload key '${key}'${closest(key, WORKLOAD_KEYS)}`);
  const mix: Record<'reads' | 'writes' | 'cas', number> = { reads: 0, writes: 0, cas: 0 };
  const given = (['reads', 'writes', 'cas'] as const).filter((k) => value[k] !== undefined);
  for (const k of given) {
    const p = parsePercent(value[k]);
    if (p === undefined) err([...path, k], `${k} must be a percentage like 80% (or a number from 0 to 100)`);
    else mix[k] = p;
  }
  if (given.length > 0) {
    // One side given: the rest goes to the other (reads: 80% means writes: 20%).
    if (value.reads === undefined && value.writes !== undefined) mix.reads = Math.max(0, 100 - mix.writes - mix.cas);
    if (value.writes === undefined && value.reads !== undefined) mix.writes = Math.max(0, 100 - mix.reads - mix.cas);
    const total = mix.reads + mix.writes + mix.cas;
    if (total <= 0) err(path, 'the workload has no operations: reads, writes and cas are all 0%');
    else if (Math.abs(total - 100) > 1e-6 && given.length === 3) err(path, `reads + writes + cas add up to ${total}%, not 100%`);
    Object.assign(w, mix);
  }
  if (value.rate !== undefined) {
    const r = parseRate(value.rate);
    if (r === undefined || r < 0) err([...path, 'rate'], 'rate must be a number of operations per second (e.g. 200 or 200/s), or 0 for scripted operations only');
    else w.rate = r;
  }
  if (value.keys !== undefined) {
    if (typeof value.keys === 'number' && Number.isInteger(value.keys) && value.keys >= 1) w.keys = value.keys;
    else err([...path, 'keys'], 'keys must be a whole number ≥ 1');
  }
  if (value.clients !== undefined) w.clients = validateClients(value.clients, [...path, 'clients'], ctx, err);
  return w;
}

function validateClients(value: unknown, path: YamlPath, ctx: ScenarioContext | undefined, err: Report): ScenarioWorkload['clients'] {
  if (typeof value === 'number') {
    if (Number.isInteger(value) && value >= 1) return value;
    err(path, 'clients must be a whole number ≥ 1, a list of components, or a list of {name, region, uses}');
    return undefined;
  }
  if (!Array.isArray(value)) {
    err(path, 'clients must be a whole number ≥ 1, a list of components, or a list of {name, region, uses}');
    return undefined;
  }
  const out: (string | ScenarioClient)[] = [];
  value.forEach((c, i) => {
    const p = [...path, i];
    if (typeof c === 'string') {
      const names = ctx ? componentNames(ctx) : [];
      if (ctx && !names.includes(c)) err(p, `'${c}' is not a component of this design${names.length ? ` (components: ${names.join(', ')})` : ''}`);
      out.push(c);
    } else if (isMap(c) && typeof c.name === 'string') {
      const client: ScenarioClient = { name: c.name };
      if (c.region !== undefined) {
        if (typeof c.region !== 'string') err([...p, 'region'], 'region must be a region name');
        else {
          if (ctx && ctx.regions.length > 0 && !ctx.regions.includes(c.region)) err([...p, 'region'], `unknown region '${c.region}'`);
          client.region = c.region;
        }
      }
      if (c.uses !== undefined) {
        if (!Array.isArray(c.uses) || !c.uses.every((u) => typeof u === 'string')) err([...p, 'uses'], 'uses must be a list of datastore names');
        else {
          c.uses.forEach((u, k) => {
            if (ctx && !ctx.datastores.some((d) => d.name === u)) err([...p, 'uses', k], `unknown datastore '${u}'`);
          });
          client.uses = c.uses as string[];
        }
      }
      out.push(client);
    } else err(p, 'a client is a component name or a map {name, region, uses}');
  });
  return out;
}

/**
 * The names of a scenario's clients, as the runner gives them (`checkout@eu-west`; `checkout` in a one-region
 * design; `client-2`; explicit ones): what an operation's `client:` may name.
 */
function clientNames(workload: ScenarioWorkload, ctx: ScenarioContext): string[] {
  const regions = ctx.regions.length > 0 ? ctx.regions : ['local'];
  const forComponent = (name: string) => {
    const home = ctx.components.find((c) => c.name === name)?.regions ?? regions;
    return regions.length === 1 ? [name] : home.map((r) => `${name}@${r}`);
  };
  const spec = workload.clients;
  if (spec === undefined) {
    // Every component that uses a datastore (as the runner does), else one generic client per region.
    const names = ctx.components.filter((c) => c.uses === undefined || c.uses.length > 0).flatMap((c) => forComponent(c.name));
    return names.length > 0 ? names : regions.map((r) => (regions.length === 1 ? 'client' : `client@${r}`));
  }
  if (typeof spec === 'number') return Array.from({ length: spec }, (_, i) => `client-${i + 1}`);
  return spec.flatMap((c) => (typeof c === 'string' ? forComponent(c) : [c.name]));
}

/** Names a partition side may use: regions, node ids, datastores and components (as client names). */
function knownSelector(ctx: ScenarioContext, name: string): boolean {
  if (ctx.regions.includes(name) || componentNames(ctx).includes(name)) return true;
  return ctx.datastores.some((d) => d.name === name) || isNodeId(ctx, name);
}

/** `<datastore>-<k>` with k from 1 to the datastore's replicas. */
function isNodeId(ctx: ScenarioContext, name: string): boolean {
  const m = /^(.*)-(\d+)$/.exec(name);
  return m !== null && ctx.datastores.some((d) => m[1] === d.name && Number(m[2]) >= 1 && Number(m[2]) <= d.n);
}

function validatePartitions(
  value: unknown,
  path: YamlPath,
  ctx: ScenarioContext | undefined,
  err: Report,
  time: (v: unknown, p: YamlPath, what: string) => number | undefined,
): (PartitionFault & { path: YamlPath })[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    err(path, 'partitions must be a list of {between: [[...], [...]], at, heal} or {isolate: x, at, heal}');
    return [];
  }
  const out: (PartitionFault & { path: YamlPath })[] = [];
  value.forEach((p, i) => {
    const pp = [...path, i];
    if (!isMap(p)) return err(pp, 'a partition is a map: {between: [[...], [...]], at, heal} or {isolate: x, at, heal}');
    for (const key of Object.keys(p)) if (!['between', 'isolate', 'at', 'heal'].includes(key)) err([...pp, key], `unknown partition key '${key}'${closest(key, ['between', 'isolate', 'at', 'heal'])}`);
    const checkName = (name: unknown, np: YamlPath): name is string => {
      if (typeof name !== 'string') {
        err(np, 'expected a region, node id (e.g. ledger-2), datastore or component name');
        return false;
      }
      if (ctx && !knownSelector(ctx, name)) err(np, `'${name}' is not a region, node, datastore or component of this design`);
      return true;
    };
    let fault: PartitionFault | undefined;
    const at = p.at === undefined ? (err(pp, 'a partition needs `at`: when it starts'), undefined) : time(p.at, [...pp, 'at'], 'at');
    const heal = p.heal === undefined ? undefined : time(p.heal, [...pp, 'heal'], 'heal');
    if (at !== undefined && heal !== undefined && heal <= at) err([...pp, 'heal'], `heal (${heal} ms) must come after at (${at} ms)`);
    if (p.between !== undefined && p.isolate !== undefined) err(pp, 'use either `between` or `isolate`, not both');
    else if (p.isolate !== undefined) {
      if (checkName(p.isolate, [...pp, 'isolate'])) fault = { isolate: p.isolate as string, at: at ?? 0, heal };
    } else if (p.between !== undefined) {
      const b = p.between;
      if (!Array.isArray(b) || b.length !== 2 || !b.every(Array.isArray)) err([...pp, 'between'], 'between needs exactly two sides, each a list: [[eu-west], [us-east, ap-south]]');
      else {
        const sides = b as unknown[][];
        let ok = true;
        sides.forEach((side, k) => {
          if (side.length === 0) {
            err([...pp, 'between', k], 'a side of a partition cannot be empty');
            ok = false;
          }
          side.forEach((name, j) => (ok = checkName(name, [...pp, 'between', k, j]) && ok));
        });
        const overlap = sides[0].filter((x) => sides[1].includes(x));
        if (overlap.length > 0) {
          err([...pp, 'between'], `'${overlap[0]}' is on both sides`);
          ok = false;
        }
        if (ok) fault = { between: [sides[0] as string[], sides[1] as string[]], at: at ?? 0, heal };
      }
    } else err(pp, 'a partition needs `between: [[...], [...]]` or `isolate: <region|node>`');
    if (fault && at !== undefined) out.push({ ...fault, path: pp });
  });
  return out;
}

function validateCrashes(
  value: unknown,
  path: YamlPath,
  ctx: ScenarioContext | undefined,
  err: Report,
  time: (v: unknown, p: YamlPath, what: string) => number | undefined,
): (ScenarioCrash & { path: YamlPath })[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    err(path, 'crashes must be a list of {node: <id>, at, restart} or {leader: true, datastore, at, restart}');
    return [];
  }
  const out: (ScenarioCrash & { path: YamlPath })[] = [];
  value.forEach((c, i) => {
    const cp = [...path, i];
    if (!isMap(c)) return err(cp, 'a crash is a map: {node: <id>, at, restart} or {leader: true, datastore, at, restart}');
    const keys = ['node', 'leader', 'datastore', 'at', 'restart'];
    for (const key of Object.keys(c)) if (!keys.includes(key)) err([...cp, key], `unknown crash key '${key}'${closest(key, keys)}`);
    const at = c.at === undefined ? (err(cp, 'a crash needs `at`: when the node goes down'), undefined) : time(c.at, [...cp, 'at'], 'at');
    const restart = c.restart === undefined ? undefined : time(c.restart, [...cp, 'restart'], 'restart');
    if (at !== undefined && restart !== undefined && restart <= at) err([...cp, 'restart'], `restart (${restart} ms) must come after at (${at} ms)`);
    let crash: ScenarioCrash | undefined;
    if (c.node !== undefined && c.leader !== undefined) err(cp, 'use either `node` or `leader: true`, not both');
    else if (c.node !== undefined) {
      if (typeof c.node !== 'string') err([...cp, 'node'], 'node must be a node id such as ledger-2');
      else {
        if (ctx && !isNodeId(ctx, c.node))
          err([...cp, 'node'], `'${c.node}' is not a node of this design (node ids are <datastore>-<k>, k from 1 to its replicas)`);
        crash = { node: c.node, at: at ?? 0, restart };
      }
      if (c.datastore !== undefined) err([...cp, 'datastore'], '`datastore` goes with `leader: true`; a node id already names its datastore');
    } else if (c.leader !== undefined) {
      if (c.leader !== true) err([...cp, 'leader'], 'leader must be true (crash whichever node leads at that moment)');
      let datastore: string | undefined;
      if (c.datastore !== undefined) {
        if (typeof c.datastore !== 'string') err([...cp, 'datastore'], 'datastore must be a datastore name');
        else {
          datastore = c.datastore;
          const d = ctx?.datastores.find((x) => x.name === datastore);
          if (ctx && !d) err([...cp, 'datastore'], `unknown datastore '${datastore}'`);
          else if (d && d.family === 'leaderless') err([...cp, 'datastore'], `'${datastore}' is leaderless: it has no leader to crash`);
        }
      } else if (ctx) {
        const led = ctx.datastores.filter((d) => d.family !== 'leaderless');
        if (led.length === 0) err([...cp, 'leader'], 'no datastore in this design has a leader');
        else if (led.length > 1) err(cp, `several datastores have a leader (${led.map((d) => d.name).join(', ')}): say which with \`datastore:\``);
        else datastore = led[0].name;
      }
      crash = { leader: { datastore }, at: at ?? 0, restart };
    } else err(cp, 'a crash needs `node: <id>` or `leader: true`');
    if (crash && at !== undefined) out.push({ ...crash, path: cp });
  });
  return out;
}
