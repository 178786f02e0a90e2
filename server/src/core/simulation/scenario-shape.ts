// The typed form of a design's `scenarios:` (what validation produces and the runner consumes), and the small
// helpers the readers share. The language's shape is the JSON Schema's (schemas/cap-design.schema.json), shown
// in docs/scenarios.md.

import type { Consistency } from '../semantics/consistency';
import type { ConflictResolution, ReplicationFamily } from '../model/design';
import type { CrdtType, OpFunction, PartitionFault, SiblingMerge } from './types';
import type { Threshold } from './units';

export type YamlPath = (string | number)[];

/** `accepted` means at least this share of the selected requests succeeded. */
export const ACCEPTED_FRACTION = 0.9;

export interface ScenarioError {
  /** Path from the `scenarios` value to the offending node, e.g. [0, 'partitions', 1, 'at']. */
  path: YamlPath;
  message: string;
  /** A problem of shape, found by the schema (the analysis reports those from the YAML itself, at its spans). */
  shape?: true;
}

export interface ScenarioClient {
  name: string;
  region?: string;
  uses?: string[];
}

export interface ScenarioWorkload {
  reads: number;
  writes: number;
  cas: number;
  /** Operations per second, all clients together; 0: only the scripted `operations`. */
  rate: number;
  keys: number;
  /** Component names, a number of generic clients, or explicit clients; absent: every component in its regions. */
  clients?: number | (string | ScenarioClient)[];
}

export interface ScenarioCrash {
  node?: string;
  /** Crash the leader of this datastore (undefined: the only datastore that has a leader). */
  leader?: { datastore?: string };
  at: number;
  restart?: number;
}

/** One operation at a given time, from a component's client in a region (or a client named outright). */
export interface ScenarioOperation {
  at: number;
  /** A client name (`cart@eu-west`, `client-2`), or undefined when `component` (and `region`) say. */
  client?: string;
  component?: string;
  region?: string;
  datastore?: string;
  key?: number;
  f: OpFunction;
  value?: number;
}

/** How a scenario runs one datastore, beyond what the design says. */
export interface ScenarioStoreOptions {
  /** vector-clocks: the client's merge of siblings. */
  merge?: SiblingMerge;
  /** crdt: the data type. */
  type?: CrdtType;
  /** Leaderless anti-entropy interval (ms); 0: off. */
  antiEntropy?: number;
  /** Leaderless hinted handoff replay interval (ms); 0: off. */
  hintedHandoff?: number;
  readRepair?: boolean;
  /** Consensus and leader families: the election timeout (ms). */
  electionTimeout?: number;
}

export type Phase = 'partitioned' | 'healing' | 'converged';

export type ExpectationCheck =
  | { kind: 'writes' | 'reads'; verdict: 'refused' | 'accepted' | 'unknown' }
  | { kind: 'writes' | 'reads'; threshold: Threshold }
  | { kind: 'stale_reads'; threshold: Threshold }
  | { kind: 'lost_writes'; max: number }
  | { kind: 'availability'; threshold: Threshold }
  | { kind: 'linearizable'; value: boolean }
  | { kind: 'latency'; quantile: 'p50' | 'p99'; threshold: Threshold; of?: 'reads' | 'writes' }
  | { kind: 'converged'; value: boolean }
  | { kind: 'convergence'; threshold: Threshold }
  | { kind: 'time_without_leader'; threshold: Threshold }
  | { kind: 'elections'; threshold: Threshold }
  | { kind: 'siblings'; threshold: Threshold }
  | { kind: 'final_value'; value: number | number[] }
  | { kind: 'needs'; value: 'met' | 'unmet' };

export interface Expectation {
  /** Path of the check's key, e.g. [0, 'expect', 2, 'stale_reads']. */
  path: YamlPath;
  datastore?: string;
  side?: 'majority' | 'minority';
  /** Only the requests of this design component's clients. */
  component?: string;
  /** Only requests invoked in this phase of the datastore's partition and recovery. */
  phase?: Phase;
  check: ExpectationCheck;
}

export interface Scenario {
  name: string;
  path: YamlPath;
  seed?: number;
  duration: number;
  timeout?: number;
  workload: ScenarioWorkload;
  partitions: (PartitionFault & { path: YamlPath })[];
  crashes: (ScenarioCrash & { path: YamlPath })[];
  operations: (ScenarioOperation & { path: YamlPath })[];
  /** Per datastore name. */
  datastores: Record<string, ScenarioStoreOptions>;
  expect: Expectation[];
}

/** What the design declares, so names in scenarios can be checked. Optional: without it only shapes are checked. */
export interface ScenarioContext {
  regions: string[];
  datastores: { name: string; n: number; family: ReplicationFamily; conflicts?: ConflictResolution }[];
  components: { name: string; regions?: string[]; needs?: Record<string, Consistency>; uses?: string[] }[];
}

export type Report = (path: YamlPath, message: string) => void;

export function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function componentNames(ctx: ScenarioContext): string[] {
  return ctx.components.map((c) => c.name);
}

/** What every reader of a part of a scenario is handed. */
export interface ReadContext {
  ctx: ScenarioContext | undefined;
  shape: ShapeFaults;
  err: Report;
}

/** Reads a time at a path, checking it falls within the run; undefined where the schema found the value wrong. */
export type TimeReader = (value: unknown, path: YamlPath, what: string) => number | undefined;

/** Where the schema found fault with a `scenarios:` value, so the readers skip what is not what it should be. */
export interface ShapeFaults {
  /** A fault at `path` or above it: the node itself is not what it should be. */
  broken(path: YamlPath): boolean;
  /** No fault at, above or below `path`: everything in it has its shape. */
  clean(path: YamlPath): boolean;
}

export function shapeFaults(errors: readonly ScenarioError[]): ShapeFaults {
  // Paths as JSON: a path's descendants are the keys that start with it, less its closing bracket, and a comma.
  const faults = new Set(errors.filter((e) => e.shape).map((e) => JSON.stringify(e.path)));
  const broken = (path: YamlPath) => {
    for (let i = 0; i <= path.length; i++) if (faults.has(JSON.stringify(path.slice(0, i)))) return true;
    return false;
  };
  const below = (path: YamlPath) => {
    const prefix = path.length === 0 ? '[' : `${JSON.stringify(path).slice(0, -1)},`;
    for (const f of faults) if (f.startsWith(prefix) && f !== '[]') return true;
    return false;
  };
  return { broken, clean: (path) => !broken(path) && !below(path) };
}

/** Each item of a list the schema found no fault in at or above the item, with its path. */
export function usableItems(
  value: unknown,
  path: YamlPath,
  shape: ShapeFaults,
): { item: Record<string, unknown>; path: YamlPath }[] {
  if (!Array.isArray(value) || shape.broken(path)) return [];
  return value.flatMap((item, i) => (isMap(item) && !shape.broken([...path, i]) ? [{ item, path: [...path, i] }] : []));
}

/**
 * A map's fields as the readers see them: `get` gives a field's value only where the schema found no fault in
 * it (its shape is then the schema's), `has` says whether the field is written at all.
 */
export function fieldsOf(
  item: Record<string, unknown>,
  path: YamlPath,
  shape: ShapeFaults,
): { get: <T>(key: string) => T | undefined; has: (key: string) => boolean } {
  return {
    get: <T>(key: string) => (item[key] !== undefined && shape.clean([...path, key]) ? (item[key] as T) : undefined),
    has: (key: string) => item[key] !== undefined,
  };
}
