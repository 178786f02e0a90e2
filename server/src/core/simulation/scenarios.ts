// The `scenarios:` section of a design file, read into typed scenarios. Its shape — every key, its type and its
// documentation — is the JSON Schema's (`scenarios` in schemas/cap-design.schema.json; docs/scenarios.md shows
// the language), so completion, hovers and did-you-mean come from there too. This file checks what a schema
// cannot: names resolve against the design, times fall in order within the run, keys that exclude each other
// are not given together. A part the schema found fault with is not read further (so one mistake is not
// reported twice), and a scenario with any fault is not returned to run.
//
// Errors carry the YAML path from the `scenarios` value (e.g. [0, 'partitions', 1, 'heal']), so the language
// server can point at the exact node.

import { DESIGN_SCHEMA, validateValue } from '../model/schema';
import { readExpectations } from './scenario-expect';
import { readOperations, readStoreOptions } from './scenario-options';
import {
  componentNames,
  fieldsOf,
  isMap,
  shapeFaults,
  type Report,
  type Scenario,
  type ScenarioClient,
  type ScenarioContext,
  type ScenarioCrash,
  type ScenarioError,
  type ScenarioWorkload,
  type ReadContext,
  type TimeReader,
  usableItems,
  type YamlPath,
} from './scenario-shape';
import type { PartitionFault } from './types';
import { parseDuration, parsePercent, parseRate } from './units';

export type * from './scenario-shape';

export const DEFAULT_SCENARIO_WORKLOAD: ScenarioWorkload = { reads: 50, writes: 50, cas: 0, rate: 100, keys: 1 };
export { ACCEPTED_FRACTION } from './scenario-shape';

/** Shape problems (from the schema), then what the design makes of the names and times in each scenario. */
export function validateScenarios(raw: unknown, context?: ScenarioContext): { scenarios: Scenario[]; errors: ScenarioError[] } {
  const scenarios: Scenario[] = [];
  if (raw === null || raw === undefined) return { scenarios, errors: [] };
  const schema = DESIGN_SCHEMA.properties!.scenarios;
  const errors: ScenarioError[] = validateValue(raw, schema, 'scenarios').map((p) => ({
    path: p.path ?? [],
    message: p.message,
    shape: true,
  }));
  const shape = shapeFaults(errors);
  const err: Report = (path, message) => errors.push({ path, message });

  const entries: { name?: string; value: unknown; path: YamlPath }[] = [];
  if (Array.isArray(raw)) raw.forEach((value, i) => entries.push({ value, path: [i] }));
  else if (isMap(raw)) for (const [name, value] of Object.entries(raw)) entries.push({ name, value, path: [name] });

  const names = new Set<string>();
  for (const entry of entries) {
    if (shape.broken(entry.path) || !isMap(entry.value)) continue;
    const s = readScenario(entry.value, entry.path, entry.name, { ctx: context, shape, err });
    if (!s) continue;
    if (names.has(s.name)) err([...entry.path, ...(entry.name ? [] : ['name'])], `another scenario is already named '${s.name}'`);
    names.add(s.name);
    scenarios.push(s);
  }
  return { scenarios, errors };
}

function readScenario(
  value: Record<string, unknown>,
  path: YamlPath,
  mapName: string | undefined,
  r: ReadContext,
): Scenario | undefined {
  const { ctx, shape, err } = r;
  const at = (key: string): YamlPath => [...path, key];
  const { get } = fieldsOf(value, path, shape);
  const name = mapName ?? (value.name as string);
  const written = get<string>('name');
  if (mapName !== undefined && written !== undefined && written !== mapName)
    err(at('name'), `the name is already given by the key '${mapName}'`);
  const duration = parseDuration(get('duration'));
  const seed = get<number>('seed');
  const timeout = parseDuration(get('timeout'));
  const time: TimeReader = (v, p, what) => {
    if (!shape.clean(p)) return undefined;
    const t = parseDuration(v);
    if (t !== undefined && duration !== undefined && t > duration)
      err(p, `${what} (${t} ms) is after the end of the scenario (duration ${duration} ms)`);
    return t;
  };

  const workload = readWorkload(value.workload, at('workload'), r);
  const partitions = readPartitions(value.partitions, at('partitions'), r, time);
  const crashes = readCrashes(value.crashes, at('crashes'), r, time);
  const operations = readOperations(value.operations, at('operations'), r, time);
  const datastores = readStoreOptions(value.datastores, at('datastores'), r);
  const expect = readExpectations(value.expect, at('expect'), r);
  const scripted = Array.isArray(value.operations) ? value.operations.length : 0;
  if (workload.rate === 0 && scripted === 0)
    err([...path, 'workload', 'rate'], 'with rate 0 nothing happens: give a rate, or `operations:` to run');
  for (const o of operations)
    if (o.key !== undefined && o.key >= workload.keys)
      err([...o.path, 'key'], `key ${o.key} is not below the workload's keys (${workload.keys})`);
  if (ctx && shape.clean(at('workload'))) checkOperationClients(operations, workload, ctx, err);

  if (!shape.clean(path) || duration === undefined) return undefined;
  return { name, path, seed, duration, timeout, workload, partitions, crashes, operations, datastores, expect };
}

/** Operations name a client the scenario has, or a component that has one. */
function checkOperationClients(
  operations: ReturnType<typeof readOperations>,
  workload: ScenarioWorkload,
  ctx: ScenarioContext,
  err: Report,
): void {
  const names = clientNames(workload, ctx);
  const listed = `${names.slice(0, 12).join(', ')}${names.length > 12 ? ', …' : ''}`;
  for (const o of operations) {
    if (o.client !== undefined && !names.includes(o.client)) {
      err([...o.path, 'client'], `no client is named '${o.client}' in this scenario (clients: ${listed})`);
    } else if (o.component !== undefined && !names.some((n) => n === o.component || n.startsWith(`${o.component}@`))) {
      const why = Array.isArray(workload.clients) ? 'it is not in workload.clients' : 'it uses no datastore';
      err([...o.path, 'component'], `'${o.component}' has no client in this scenario (${why})`);
    }
  }
}

const MIX_KEYS = ['reads', 'writes', 'cas'] as const;

function readWorkload(value: unknown, path: YamlPath, r: ReadContext): ScenarioWorkload {
  const { shape, err } = r;
  const w: ScenarioWorkload = { ...DEFAULT_SCENARIO_WORKLOAD };
  if (!isMap(value) || shape.broken(path)) return w;
  const given = MIX_KEYS.filter((k) => value[k] !== undefined);
  if (given.length > 0 && given.every((k) => shape.clean([...path, k]))) {
    const mix: Record<(typeof MIX_KEYS)[number], number> = { reads: 0, writes: 0, cas: 0 };
    for (const k of given) mix[k] = parsePercent(value[k]) ?? 0;
    // One side given: the rest goes to the other (reads: 80% means writes: 20%).
    if (value.reads === undefined && value.writes !== undefined) mix.reads = Math.max(0, 100 - mix.writes - mix.cas);
    if (value.writes === undefined && value.reads !== undefined) mix.writes = Math.max(0, 100 - mix.reads - mix.cas);
    const total = mix.reads + mix.writes + mix.cas;
    if (total <= 0) err(path, 'the workload has no operations: reads, writes and cas are all 0%');
    else if (Math.abs(total - 100) > 1e-6 && given.length === 3) err(path, `reads + writes + cas add up to ${total}%, not 100%`);
    Object.assign(w, mix);
  }
  if (value.rate !== undefined && shape.clean([...path, 'rate'])) w.rate = parseRate(value.rate) ?? w.rate;
  if (value.keys !== undefined && shape.clean([...path, 'keys'])) w.keys = value.keys as number;
  if (value.clients !== undefined && shape.clean([...path, 'clients']))
    w.clients = readClients(value.clients, [...path, 'clients'], r);
  return w;
}

function readClients(value: unknown, path: YamlPath, { ctx, err }: ReadContext): ScenarioWorkload['clients'] {
  if (!Array.isArray(value)) return value as number;
  return value.map((c: string | ScenarioClient, i): string | ScenarioClient => {
    const p = [...path, i];
    if (typeof c === 'string') {
      const names = ctx ? componentNames(ctx) : [];
      if (ctx && !names.includes(c))
        err(p, `'${c}' is not a component of this design${names.length ? ` (components: ${names.join(', ')})` : ''}`);
      return c;
    }
    if (c.region !== undefined && ctx && ctx.regions.length > 0 && !ctx.regions.includes(c.region))
      err([...p, 'region'], `unknown region '${c.region}'`);
    c.uses?.forEach((u, k) => {
      if (ctx && !ctx.datastores.some((d) => d.name === u)) err([...p, 'uses', k], `unknown datastore '${u}'`);
    });
    return {
      name: c.name,
      ...(c.region !== undefined ? { region: c.region } : {}),
      ...(c.uses !== undefined ? { uses: [...c.uses] } : {}),
    };
  });
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

function readPartitions(
  value: unknown,
  path: YamlPath,
  r: ReadContext,
  time: TimeReader,
): (PartitionFault & { path: YamlPath })[] {
  const { ctx, shape, err } = r;
  const out: (PartitionFault & { path: YamlPath })[] = [];
  for (const { item: p, path: pp } of usableItems(value, path, shape)) {
    const { get, has } = fieldsOf(p, pp, shape);
    const checkName = (name: string, np: YamlPath) => {
      if (ctx && !knownSelector(ctx, name)) err(np, `'${name}' is not a region, node, datastore or component of this design`);
    };
    const at = time(p.at, [...pp, 'at'], 'at');
    const heal = has('heal') ? time(p.heal, [...pp, 'heal'], 'heal') : undefined;
    if (at !== undefined && heal !== undefined && heal <= at)
      err([...pp, 'heal'], `heal (${heal} ms) must come after at (${at} ms)`);
    const isolate = get<string>('isolate');
    const sides = get<string[][]>('between');
    let fault: PartitionFault | undefined;
    if (has('between') && has('isolate')) err(pp, 'use either `between` or `isolate`, not both');
    else if (isolate !== undefined) {
      checkName(isolate, [...pp, 'isolate']);
      fault = { isolate, at: at ?? 0, heal };
    } else if (sides !== undefined) {
      sides.forEach((side, k) => side.forEach((name, j) => checkName(name, [...pp, 'between', k, j])));
      const overlap = sides[0].filter((x) => sides[1].includes(x));
      if (overlap.length > 0) err([...pp, 'between'], `'${overlap[0]}' is on both sides`);
      else fault = { between: [sides[0], sides[1]], at: at ?? 0, heal };
    } else if (!has('between') && !has('isolate') && shape.clean(pp))
      err(pp, 'a partition needs `between: [[...], [...]]` or `isolate: <region|node>`');
    if (fault && at !== undefined && shape.clean(pp)) out.push({ ...fault, path: pp });
  }
  return out;
}

function readCrashes(value: unknown, path: YamlPath, r: ReadContext, time: TimeReader): (ScenarioCrash & { path: YamlPath })[] {
  const { ctx, shape, err } = r;
  const out: (ScenarioCrash & { path: YamlPath })[] = [];
  for (const { item: c, path: cp } of usableItems(value, path, shape)) {
    const { get, has } = fieldsOf(c, cp, shape);
    const at = time(c.at, [...cp, 'at'], 'at');
    const restart = has('restart') ? time(c.restart, [...cp, 'restart'], 'restart') : undefined;
    if (at !== undefined && restart !== undefined && restart <= at)
      err([...cp, 'restart'], `restart (${restart} ms) must come after at (${at} ms)`);
    const node = get<string>('node');
    let crash: ScenarioCrash | undefined;
    if (has('node') && has('leader')) err(cp, 'use either `node` or `leader: true`, not both');
    else if (has('node')) {
      if (node !== undefined && ctx && !isNodeId(ctx, node))
        err([...cp, 'node'], `'${node}' is not a node of this design (node ids are <datastore>-<k>, k from 1 to its replicas)`);
      if (node !== undefined) crash = { node, at: at ?? 0, restart };
      if (has('datastore'))
        err([...cp, 'datastore'], '`datastore` goes with `leader: true`; a node id already names its datastore');
    } else if (has('leader')) {
      if (!has('datastore') || get('datastore') !== undefined)
        crash = { leader: { datastore: crashedLeader(get<string>('datastore'), cp, r) }, at: at ?? 0, restart };
    } else if (shape.clean(cp)) err(cp, 'a crash needs `node: <id>` or `leader: true`');
    if (crash && at !== undefined && shape.clean(cp)) out.push({ ...crash, path: cp });
  }
  return out;
}

/** The datastore whose leader a `leader: true` crash takes down: the one named, else the only one with a leader. */
function crashedLeader(datastore: string | undefined, cp: YamlPath, { ctx, err }: ReadContext): string | undefined {
  if (datastore !== undefined) {
    const d = ctx?.datastores.find((x) => x.name === datastore);
    if (ctx && !d) err([...cp, 'datastore'], `unknown datastore '${datastore}'`);
    else if (d && d.family === 'leaderless') err([...cp, 'datastore'], `'${datastore}' is leaderless: it has no leader to crash`);
    return datastore;
  }
  if (!ctx) return undefined;
  const led = ctx.datastores.filter((d) => d.family !== 'leaderless');
  if (led.length === 0) err([...cp, 'leader'], 'no datastore in this design has a leader');
  else if (led.length > 1)
    err(cp, `several datastores have a leader (${led.map((d) => d.name).join(', ')}): say which with \`datastore:\``);
  return led.length === 1 ? led[0].name : undefined;
}
