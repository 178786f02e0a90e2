// Reading two parts of a scenario: `operations:` (operations at given times, from a component's client in a
// region) and `datastores:` (how this run treats each datastore: the siblings' merge, the CRDT's type,
// anti-entropy, hinted handoff, read repair, the election timeout). The schema gives each key's shape; here the
// names are resolved and each option is matched to the datastores it applies to.

import {
  componentNames,
  fieldsOf,
  isMap,
  usableItems,
  type ReadContext,
  type ScenarioOperation,
  type ScenarioStoreOptions,
  type TimeReader,
  type YamlPath,
} from './scenario-shape';
import type { CrdtType, OpFunction, SiblingMerge } from './types';
import { parseDuration } from './units';
import { setOwn } from '../text/own';

/** The operation keys and the function each starts; `increment` is a counter's add. */
export const OPERATION_KINDS = {
  write: 'write',
  read: 'read',
  add: 'add',
  increment: 'add',
  remove: 'remove',
} as const satisfies Record<string, OpFunction>;
const KIND_KEYS = Object.keys(OPERATION_KINDS) as (keyof typeof OPERATION_KINDS)[];

const NO_OPERATION = 'an operation needs one of write: <value>, read: true, add: <value>, increment: <n>, remove: <value>';

export function readOperations(
  value: unknown,
  path: YamlPath,
  r: ReadContext,
  time: TimeReader,
): (ScenarioOperation & { path: YamlPath })[] {
  const { ctx, shape, err } = r;
  const out: (ScenarioOperation & { path: YamlPath })[] = [];
  for (const { item: o, path: op } of usableItems(value, path, shape)) {
    const { get, has } = fieldsOf(o, op, shape);
    const at = time(o.at, [...op, 'at'], 'at');
    const kinds = KIND_KEYS.filter(has);
    if (kinds.length > 1) err(op, `an operation does one thing, not ${kinds.join(' and ')}`);
    else if (kinds.length === 0 && shape.clean(op)) err(op, NO_OPERATION);
    if (kinds.length !== 1) continue;
    const kind = kinds[0];
    const f = OPERATION_KINDS[kind];
    const operand = f === 'read' ? undefined : get<number>(kind);
    const component = get<string>('component');
    const region = get<string>('region');
    if (has('client') && has('component')) err(op, 'name either `client` or `component` (with `region`), not both');
    else if (!has('client') && !has('component') && shape.clean(op))
      err(op, 'an operation needs `component` (and `region` when it runs in several) or `client`');
    if (component !== undefined && ctx && !componentNames(ctx).includes(component)) {
      const names = componentNames(ctx);
      err(
        [...op, 'component'],
        `'${component}' is not a component of this design${names.length ? ` (components: ${names.join(', ')})` : ''}`,
      );
    }
    const home =
      component !== undefined ? (ctx?.components.find((c) => c.name === component)?.regions ?? ctx?.regions) : undefined;
    if (region !== undefined) {
      if (!has('component')) err([...op, 'region'], '`region` goes with `component`');
      else if (home && home.length > 0 && !home.includes(region))
        err([...op, 'region'], `'${component}' has no client in '${region}' (it runs in ${home.join(', ')})`);
    } else if (component !== undefined && !has('region') && home && home.length > 1)
      err(op, `'${component}' runs in ${home.join(', ')}: say which client with \`region:\``);
    const datastore = get<string>('datastore');
    const d = datastore !== undefined ? ctx?.datastores.find((x) => x.name === datastore) : undefined;
    if (datastore !== undefined && ctx && !d) err([...op, 'datastore'], `unknown datastore '${datastore}'`);
    else if (d && (f === 'add' || f === 'remove') && d.conflicts !== 'crdt') {
      err(
        [...op, kind],
        `${kind} is an update of a CRDT (a counter or a set); '${datastore}' resolves conflicts by ${d.conflicts ?? 'last-write-wins'}`,
      );
    }
    if (at === undefined) continue;
    const client = has('component') ? undefined : get<string>('client');
    out.push({
      at,
      client,
      component,
      region: component !== undefined ? region : undefined,
      datastore,
      key: get<number>('key'),
      f,
      value: operand,
      path: op,
    });
  }
  return out.sort((a, b) => a.at - b.at);
}

/** `off` (or false) turns an interval off: 0 here. */
const intervalOf = (v: unknown): number => (v === 'off' || v === false ? 0 : (parseDuration(v) ?? 0));

export function readStoreOptions(value: unknown, path: YamlPath, r: ReadContext): Record<string, ScenarioStoreOptions> {
  const { ctx, shape, err } = r;
  const out: Record<string, ScenarioStoreOptions> = {};
  if (!isMap(value) || shape.broken(path)) return out;
  for (const [name, raw] of Object.entries(value)) {
    const p = [...path, name];
    const d = ctx?.datastores.find((x) => x.name === name);
    if (ctx && !d) err(p, `unknown datastore '${name}'`);
    if (!isMap(raw) || shape.broken(p)) continue;
    const o: ScenarioStoreOptions = {};
    const usable = (key: string) => raw[key] !== undefined && shape.clean([...p, key]);
    const leaderless = (key: string): boolean => {
      if (d && d.family !== 'leaderless') {
        err([...p, key], `${key} applies to leaderless datastores; '${name}' is ${d.family}`);
        return false;
      }
      return true;
    };
    const resolvedBy = d?.conflicts ?? 'last-write-wins';
    if (usable('merge')) {
      if (d && d.conflicts !== 'vector-clocks')
        err(
          [...p, 'merge'],
          `merge is how a client merges siblings, which only \`conflicts: vector-clocks\` keeps; '${name}' resolves by ${resolvedBy}`,
        );
      else if (leaderless('merge')) o.merge = raw.merge as SiblingMerge;
    }
    if (usable('type')) {
      if (d && d.conflicts !== 'crdt')
        err([...p, 'type'], `type names a CRDT, for \`conflicts: crdt\`; '${name}' resolves by ${resolvedBy}`);
      else if (leaderless('type')) o.type = raw.type as CrdtType;
    }
    if (usable('anti_entropy') && leaderless('anti_entropy')) o.antiEntropy = intervalOf(raw.anti_entropy);
    if (usable('hinted_handoff') && leaderless('hinted_handoff')) o.hintedHandoff = intervalOf(raw.hinted_handoff);
    if (usable('read_repair') && leaderless('read_repair')) o.readRepair = raw.read_repair as boolean;
    if (usable('election_timeout')) {
      if (d && d.family === 'leaderless') err([...p, 'election_timeout'], `'${name}' is leaderless: it elects no leader`);
      else o.electionTimeout = parseDuration(raw.election_timeout);
    }
    setOwn(out, name, o);
  }
  return out;
}
