// Validation of two parts of a scenario: `operations:` (operations at given times, from a component's client in
// a region) and `datastores:` (how this run treats each datastore: the siblings' merge, the CRDT's type,
// anti-entropy, hinted handoff, read repair, the election timeout).

import { CRDT_TYPES, SIBLING_MERGES, type CrdtType, type OpFunction, type SiblingMerge } from './types';
import { closest, componentNames, isMap, type Report, type ScenarioContext, type ScenarioOperation, type ScenarioStoreOptions, type YamlPath } from './scenario-shape';
import { parseDuration } from './units';

/** The operation keys and the function each starts; `increment` is a counter's add. */
const OPERATION_KINDS: Record<string, OpFunction> = { write: 'write', read: 'read', add: 'add', increment: 'add', remove: 'remove' };
const OPERATION_KEYS = ['at', 'client', 'component', 'region', 'datastore', 'key', ...Object.keys(OPERATION_KINDS)];

export function validateOperations(
  value: unknown,
  path: YamlPath,
  ctx: ScenarioContext | undefined,
  err: Report,
  time: (v: unknown, p: YamlPath, what: string) => number | undefined,
): (ScenarioOperation & { path: YamlPath })[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    err(path, 'operations must be a list such as [{at: 3s, component: cart, region: eu-west, write: 10}]');
    return [];
  }
  const out: (ScenarioOperation & { path: YamlPath })[] = [];
  value.forEach((o, i) => {
    const op = [...path, i];
    if (!isMap(o)) return err(op, 'an operation is a map: {at, component (and region) or client, one of write/read/add/increment/remove}');
    for (const key of Object.keys(o)) if (!OPERATION_KEYS.includes(key)) err([...op, key], `unknown operation key '${key}'${closest(key, OPERATION_KEYS)}`);
    const at = o.at === undefined ? (err(op, 'an operation needs `at`: when it starts'), undefined) : time(o.at, [...op, 'at'], 'at');
    const kinds = Object.keys(OPERATION_KINDS).filter((k) => o[k] !== undefined);
    if (kinds.length !== 1) {
      err(op, kinds.length === 0 ? 'an operation needs one of write: <value>, read: true, add: <value>, increment: <n>, remove: <value>' : `an operation does one thing, not ${kinds.join(' and ')}`);
      return;
    }
    const kind = kinds[0];
    const f = OPERATION_KINDS[kind];
    let operand: number | undefined;
    if (f === 'read') {
      if (o.read !== true) err([...op, 'read'], 'read takes true');
    } else if (typeof o[kind] === 'number' && Number.isInteger(o[kind]) && (o[kind] as number) > 0) operand = o[kind] as number;
    else return err([...op, kind], `${kind} takes a whole number > 0 (${kind === 'increment' ? 'the amount' : kind === 'write' ? 'the value' : 'the element'})`);
    let component: string | undefined;
    let region: string | undefined;
    let client: string | undefined;
    if (o.client !== undefined && o.component !== undefined) err(op, 'name either `client` or `component` (with `region`), not both');
    if (o.component !== undefined) {
      if (typeof o.component !== 'string') err([...op, 'component'], 'component must be a component name');
      else {
        component = o.component;
        const names = ctx ? componentNames(ctx) : [];
        if (ctx && !names.includes(component)) err([...op, 'component'], `'${component}' is not a component of this design${names.length ? ` (components: ${names.join(', ')})` : ''}`);
      }
    } else if (o.client !== undefined) {
      if (typeof o.client !== 'string') err([...op, 'client'], 'client must be a client name such as cart@eu-west');
      else client = o.client;
    } else err(op, 'an operation needs `component` (and `region` when it runs in several) or `client`');
    const home = component !== undefined ? (ctx?.components.find((c) => c.name === component)?.regions ?? ctx?.regions) : undefined;
    if (o.region !== undefined) {
      if (typeof o.region !== 'string') err([...op, 'region'], 'region must be a region name');
      else if (component === undefined) err([...op, 'region'], '`region` goes with `component`');
      else {
        region = o.region;
        if (ctx && home && home.length > 0 && !home.includes(region)) err([...op, 'region'], `'${component}' has no client in '${region}' (it runs in ${home.join(', ')})`);
      }
    } else if (component !== undefined && home && home.length > 1) err(op, `'${component}' runs in ${home.join(', ')}: say which client with \`region:\``);
    let datastore: string | undefined;
    if (o.datastore !== undefined) {
      if (typeof o.datastore !== 'string') err([...op, 'datastore'], 'datastore must be a datastore name');
      else {
        datastore = o.datastore;
        const d = ctx?.datastores.find((x) => x.name === datastore);
        if (ctx && !d) err([...op, 'datastore'], `unknown datastore '${datastore}'`);
        else if (d && (f === 'add' || f === 'remove') && d.conflicts !== 'crdt') err([...op, kind], `${kind} is an update of a CRDT (a counter or a set); '${datastore}' resolves conflicts by ${d.conflicts ?? 'last-write-wins'}`);
      }
    }
    let key: number | undefined;
    if (o.key !== undefined) {
      if (typeof o.key === 'number' && Number.isInteger(o.key) && o.key >= 0) key = o.key;
      else err([...op, 'key'], 'key must be a whole number ≥ 0 (below the workload\'s keys)');
    }
    if (at === undefined) return;
    out.push({ at, client, component, region, datastore, key, f, value: operand, path: op });
  });
  return out.sort((a, b) => a.at - b.at);
}

const STORE_KEYS = ['merge', 'type', 'anti_entropy', 'hinted_handoff', 'read_repair', 'election_timeout'];

/** `off` or a positive duration; `on` keeps the engine's interval (undefined here). */
function interval(v: unknown, p: YamlPath, what: string, err: Report): number | undefined | null {
  if (v === 'off' || v === false) return 0;
  if (v === 'on' || v === true) return null;
  const t = parseDuration(v);
  if (t !== undefined && t > 0) return t;
  err(p, `${what} must be off, on, or an interval such as 10s`);
  return undefined;
}

export function validateStoreOptions(value: unknown, path: YamlPath, ctx: ScenarioContext | undefined, err: Report): Record<string, ScenarioStoreOptions> {
  const out: Record<string, ScenarioStoreOptions> = {};
  if (value === undefined) return out;
  if (!isMap(value)) {
    err(path, 'datastores must be a map from datastore name to options, e.g. {carts: {merge: sum, anti_entropy: 5s}}');
    return out;
  }
  for (const [name, raw] of Object.entries(value)) {
    const p = [...path, name];
    const d = ctx?.datastores.find((x) => x.name === name);
    if (ctx && !d) err(p, `unknown datastore '${name}'`);
    if (!isMap(raw)) {
      err(p, `options for '${name}' must be a map: ${STORE_KEYS.join(', ')}`);
      continue;
    }
    const o: ScenarioStoreOptions = {};
    for (const key of Object.keys(raw)) if (!STORE_KEYS.includes(key)) err([...p, key], `unknown datastore option '${key}'${closest(key, STORE_KEYS)}`);
    const leaderless = (key: string): boolean => {
      if (d && d.family !== 'leaderless') {
        err([...p, key], `${key} applies to leaderless datastores; '${name}' is ${d.family}`);
        return false;
      }
      return true;
    };
    if (raw.merge !== undefined) {
      if (!SIBLING_MERGES.includes(raw.merge as SiblingMerge)) err([...p, 'merge'], `merge must be one of ${SIBLING_MERGES.join(', ')}`);
      else if (d && d.conflicts !== 'vector-clocks') err([...p, 'merge'], `merge is how a client merges siblings, which only \`conflicts: vector-clocks\` keeps; '${name}' resolves by ${d.conflicts ?? 'last-write-wins'}`);
      else if (leaderless('merge')) o.merge = raw.merge as SiblingMerge;
    }
    if (raw.type !== undefined) {
      if (!CRDT_TYPES.includes(raw.type as CrdtType)) err([...p, 'type'], `type must be one of ${CRDT_TYPES.join(', ')}`);
      else if (d && d.conflicts !== 'crdt') err([...p, 'type'], `type names a CRDT, for \`conflicts: crdt\`; '${name}' resolves by ${d.conflicts ?? 'last-write-wins'}`);
      else if (leaderless('type')) o.type = raw.type as CrdtType;
    }
    if (raw.anti_entropy !== undefined && leaderless('anti_entropy')) {
      const t = interval(raw.anti_entropy, [...p, 'anti_entropy'], 'anti_entropy', err);
      if (t === null) err([...p, 'anti_entropy'], 'anti_entropy needs an interval (e.g. 10s), or off');
      else if (t !== undefined) o.antiEntropy = t;
    }
    if (raw.hinted_handoff !== undefined && leaderless('hinted_handoff')) {
      const t = interval(raw.hinted_handoff, [...p, 'hinted_handoff'], 'hinted_handoff', err);
      if (t === null) err([...p, 'hinted_handoff'], 'hinted_handoff needs a replay interval (e.g. 10s), or off');
      else if (t !== undefined) o.hintedHandoff = t;
    }
    if (raw.read_repair !== undefined && leaderless('read_repair')) {
      if (typeof raw.read_repair === 'boolean') o.readRepair = raw.read_repair;
      else err([...p, 'read_repair'], 'read_repair must be true or false');
    }
    if (raw.election_timeout !== undefined) {
      const t = parseDuration(raw.election_timeout);
      if (d && d.family === 'leaderless') err([...p, 'election_timeout'], `'${name}' is leaderless: it elects no leader`);
      else if (t === undefined || t <= 0) err([...p, 'election_timeout'], 'election_timeout must be a positive time, e.g. 1s');
      else o.electionTimeout = t;
    }
    out[name] = o;
  }
  return out;
}
