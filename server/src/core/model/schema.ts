// The JSON Schema of the design language (schemas/cap-design.schema.json) interpreted over YAML nodes (and over
// plain data, for scenarios read outside a YAML document). The schema file is the one source of truth for key
// names, types, enums and key documentation: the validator, hovers on keys and completion all read it, and Red
// Hat's YAML extension can use it as is.
//
// `errorMessage` is the VS Code JSON extension's keyword (Red Hat's YAML extension shows it alone when a value
// does not fit); here it names what is expected, as a phrase completing "<key> must be …".

import {
  isAlias,
  isMap,
  isScalar,
  isSeq,
  Pair as YamlPair,
  Scalar,
  YAMLMap,
  YAMLSeq,
  type Alias,
  type Node,
  type Pair,
} from 'yaml';
import rawSchema from '../../../../schemas/cap-design.schema.json';
import { didYouMean, suggestion } from '../text/suggest';
import type { Span } from './design';
import { own } from '../text/own';

export interface SchemaNode {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  enumDescriptions?: string[];
  properties?: Record<string, SchemaNode>;
  additionalProperties?: boolean | SchemaNode;
  required?: string[];
  minimum?: number;
  exclusiveMinimum?: number;
  maximum?: number;
  /** Applies to strings only (a value of another type allowed by `type` is not matched against it). */
  pattern?: string;
  items?: SchemaNode;
  minItems?: number;
  maxItems?: number;
  oneOf?: SchemaNode[];
  description?: string;
  /** What a value must be, as a phrase completing "<key> must be …" (see the header). */
  errorMessage?: string;
  examples?: unknown[];
}

export const DESIGN_SCHEMA = rawSchema as unknown as SchemaNode & { $defs: Record<string, SchemaNode> };

/** Follows `$ref`s; keywords written beside a `$ref` (e.g. a more specific description) win. */
export function resolveSchema(schema: SchemaNode): SchemaNode {
  let current = schema;
  for (let depth = 0; current.$ref && depth < 16; depth++) {
    const target = DESIGN_SCHEMA.$defs[current.$ref.replace('#/$defs/', '')];
    if (!target) break;
    const { $ref: _ignored, ...site } = current;
    current = { ...target, ...site, $ref: target.$ref };
  }
  return current;
}

/** The schema for a key path such as ['datastores', 'ledger', 'claims', 'cap'], if the language has one. */
export function schemaAtPath(path: readonly (string | number)[]): SchemaNode | undefined {
  let current: SchemaNode | undefined = DESIGN_SCHEMA;
  for (const segment of path) {
    if (!current) return undefined;
    current = childSchema(resolveSchema(current), segment);
  }
  return current && resolveSchema(current);
}

/**
 * The schema of a map's key or a list's item. A key under a list is looked up in the list's items: editor paths
 * (./ide/yaml-position) name keys only, so `scenarios/partitions/at` means a key of an item of an item.
 */
export function childSchema(schema: SchemaNode, key: string | number): SchemaNode | undefined {
  const s = resolveSchema(schema);
  if (typeof key === 'number') return s.items ?? s.oneOf?.map((alt) => childSchema(alt, key)).find((x) => x);
  const property = own(s.properties, key);
  if (property) return property;
  if (typeof s.additionalProperties === 'object') return s.additionalProperties;
  if (s.items) return childSchema(s.items, key);
  for (const alt of s.oneOf ?? []) {
    const found = childSchema(alt, key);
    if (found) return found;
  }
  return undefined;
}

/** Enum values a schema node accepts (through `oneOf` too), with their descriptions. */
export function enumValues(schema: SchemaNode): { value: string; description?: string }[] {
  const s = resolveSchema(schema);
  const own: { value: string; description?: string }[] = (s.enum ?? []).map((v, i) => ({
    value: String(v),
    description: s.enumDescriptions?.[i],
  }));
  return own.concat(...(s.oneOf ?? []).map(enumValues));
}

/**
 * The keys a map under this schema may have, with their schemas: its own properties, those of a list's items,
 * and those of every alternative (a key completion offers them all).
 */
export function keyedProperties(schema: SchemaNode, depth = 0): Record<string, SchemaNode> {
  const s = resolveSchema(schema);
  if (depth > 4) return {};
  const out: Record<string, SchemaNode> = { ...(s.properties ?? {}) };
  if (s.items) Object.assign(out, keyedProperties(s.items, depth + 1));
  for (const alt of s.oneOf ?? []) Object.assign(out, keyedProperties(alt, depth + 1));
  return out;
}

export interface SchemaProblem {
  span: Span;
  /** Where the problem is, from the validated value: keys and list indices (`[0, 'partitions', 1, 'heal']`). */
  path?: (string | number)[];
  message: string;
  /** The closest valid word, offered as a quick fix. */
  suggestion?: string;
}

export interface ValidationContext {
  /** Each alias's target in a whole-document parse (see ./anchors); without it aliases resolve to nothing. */
  aliases?: ReadonlyMap<Alias, Node | null>;
  /** Offset of the parsed text within the document. */
  base: number;
  problems: SchemaProblem[];
  /** Guards against alias bombs: every node visit costs one. */
  budget: { remaining: number };
  /** The path of the node being validated, from the validated value (kept by the validator). */
  path?: (string | number)[];
}

export function spanOf(node: Node | null | undefined, base: number, fallback: Span): Span {
  const r = node?.range;
  if (!r) return fallback;
  return { start: base + r[0], end: base + Math.max(r[1], r[0]) };
}

export function resolveAlias(node: unknown, ctx: ValidationContext): Node | null {
  if (isAlias(node)) return ctx.aliases?.get(node) ?? null;
  return (node as Node | null) ?? null;
}

/** Validates `node` against `schema`, reporting into `ctx.problems`. `label` names the value in messages. */
export function validateNode(
  node: Node | null,
  schema: SchemaNode,
  label: string,
  ownerSpan: Span,
  ctx: ValidationContext,
): boolean {
  if (--ctx.budget.remaining < 0) return false;
  ctx.path ??= [];
  const s = resolveSchema(schema);
  const target = resolveAlias(node, ctx);
  const span = spanOf(target === node ? node : (node as Node | null), ctx.base, ownerSpan);
  const problem = check(target, s, label, span, ownerSpan, ctx);
  if (problem) ctx.problems.push({ span, path: [...ctx.path], message: problem, suggestion: suggestFor(target, s) });
  return !problem;
}

/** Validates `node` one step down `path` (a key or an item index), so problems below it carry the path. */
function validateChild(
  node: Node | null,
  step: string | number,
  schema: SchemaNode,
  label: string,
  ownerSpan: Span,
  ctx: ValidationContext,
): void {
  ctx.path!.push(step);
  validateNode(node, schema, label, ownerSpan, ctx);
  ctx.path!.pop();
}

/**
 * Validates plain data (what `toPlain` makes of a YAML node, or data that crossed to a webview) against a
 * schema: the same checks and messages as over YAML, located by path instead of by span.
 */
export function validateValue(value: unknown, schema: SchemaNode, label: string): SchemaProblem[] {
  const ctx: ValidationContext = { base: 0, problems: [], budget: { remaining: 200_000 }, path: [] };
  validateNode(nodeOf(value, 0), schema, label, { start: 0, end: 0 }, ctx);
  return ctx.problems;
}

/** Plain data as YAML nodes (without source ranges), for the validator. */
function nodeOf(value: unknown, depth: number): Node {
  if (depth > 64) return new Scalar(null);
  if (Array.isArray(value)) {
    const seq = new YAMLSeq();
    for (const item of value) seq.items.push(nodeOf(item, depth + 1));
    return seq;
  }
  if (typeof value === 'object' && value !== null) {
    const map = new YAMLMap();
    // Own keys only (objects from `toPlain` have no prototype, and may hold a key named `__proto__`).
    for (const key of Object.keys(value))
      map.items.push(new YamlPair(new Scalar(key), nodeOf((value as Record<string, unknown>)[key], depth + 1)));
    return map;
  }
  return new Scalar(value ?? null);
}

/** For a misspelt enum word, the closest valid one. */
function suggestFor(node: Node | null, s: SchemaNode): string | undefined {
  if (!isScalar(node) || typeof node.value !== 'string') return undefined;
  const words = enumValues(s).map((e) => e.value);
  return words.length ? didYouMean(node.value, words) : undefined;
}

function describeType(s: SchemaNode): string {
  if (s.errorMessage) return s.errorMessage;
  if (s.oneOf) return s.oneOf.map(describeType).join(' or ');
  if (s.enum) return `one of ${s.enum.join(', ')}`;
  const types = Array.isArray(s.type) ? s.type : s.type ? [s.type] : ['any value'];
  return types
    .map((t) => {
      if (t === 'integer') return s.minimum !== undefined ? `an integer ≥ ${s.minimum}` : 'an integer';
      if (t === 'object') return 'a map of keys';
      if (t === 'array') return 'a list';
      if (t === 'string') return 'a string';
      if (t === 'number') return 'a number';
      if (t === 'boolean') return 'true or false';
      return t;
    })
    .join(' or ');
}

function describeValue(node: Node | null): string {
  if (node === null) return 'nothing';
  if (isMap(node)) return 'a map';
  if (isSeq(node)) return node.items.length === 0 ? 'an empty list' : 'a list';
  if (isScalar(node)) {
    const v = node.value;
    if (v === null) return 'nothing';
    if (typeof v === 'string') return `'${v.length > 40 ? `${v.slice(0, 40)}…` : v}'`;
    return String(v);
  }
  return 'an unsupported value';
}

function typeMatches(node: Node | null, t: string): boolean {
  if (node === null) return t === 'null';
  if (t === 'object') return isMap(node);
  if (t === 'array') return isSeq(node);
  if (!isScalar(node)) return false;
  const v = node.value;
  switch (t) {
    case 'string':
      return typeof v === 'string';
    case 'integer':
      return typeof v === 'number' && Number.isInteger(v);
    case 'number':
      return typeof v === 'number' && Number.isFinite(v);
    case 'boolean':
      return typeof v === 'boolean';
    case 'null':
      return v === null;
  }
  return false;
}

function check(
  node: Node | null,
  s: SchemaNode,
  label: string,
  span: Span,
  ownerSpan: Span,
  ctx: ValidationContext,
): string | undefined {
  if (s.oneOf) {
    const matching = s.oneOf.filter((alt) => {
      const probe: ValidationContext = { ...ctx, problems: [] };
      return validateNode(node, alt, label, ownerSpan, probe) && probe.problems.length === 0;
    });
    if (matching.length > 0) {
      // Validate deeply against the first alternative whose shape fits, to report nested problems.
      return undefined;
    }
    // When exactly one alternative has the right shape, report its nested problems instead of a summary.
    const shaped = s.oneOf.filter((alt) => {
      const a = resolveSchema(alt);
      const types = Array.isArray(a.type) ? a.type : a.type ? [a.type] : [];
      return types.some((t) => typeMatches(node, t));
    });
    if (shaped.length === 1 && (isMap(node) || isSeq(node))) {
      validateNode(node, shaped[0], label, ownerSpan, ctx);
      return undefined;
    }
    const word = isScalar(node) && typeof node.value === 'string' ? node.value : undefined;
    const words = enumValues(s).map((e) => e.value);
    return `${label} must be ${describeType(s)}, not ${describeValue(node)}.${word ? suggestion(word, words) : ''}`;
  }
  if (s.type) {
    const types = Array.isArray(s.type) ? s.type : [s.type];
    if (!types.some((t) => typeMatches(node, t))) {
      if (node === null || (isScalar(node) && node.value === null)) return `${label} has no value; expected ${describeType(s)}.`;
      return `${label} must be ${describeType(s)}, not ${describeValue(node)}.`;
    }
  }
  if (s.enum && !(isScalar(node) && s.enum.includes(node.value))) {
    const word = isScalar(node) ? String(node.value) : undefined;
    if (s.errorMessage || word === undefined) return `${label} must be ${describeType(s)}, not ${describeValue(node)}.`;
    return `${label} must be one of ${s.enum.join(', ')}, not '${word}'.${suggestion(word, s.enum.map(String))}`;
  }
  const outOfRange = rangeProblem(node, s);
  if (outOfRange)
    return s.errorMessage
      ? `${label} must be ${s.errorMessage}, not ${outOfRange.value}.`
      : `${label} must be ${outOfRange.bound}, not ${outOfRange.value}.`;
  if (isMap(node)) checkMap(node, s, label, span, ctx);
  if (isSeq(node) && s.items) {
    node.items.forEach((item, i) => validateChild(item as Node, i, s.items!, `${label}[${i}]`, span, ctx));
  }
  return undefined;
}

const patterns = new Map<string, RegExp>();

/** A number outside its bounds, a string not matching its pattern, or a list of the wrong length. */
function rangeProblem(node: Node | null, s: SchemaNode): { bound: string; value: string } | undefined {
  if (isScalar(node) && typeof node.value === 'number') {
    const v = node.value;
    if (s.minimum !== undefined && v < s.minimum) return { bound: `≥ ${s.minimum}`, value: String(v) };
    if (s.exclusiveMinimum !== undefined && v <= s.exclusiveMinimum)
      return { bound: `> ${s.exclusiveMinimum}`, value: String(v) };
    if (s.maximum !== undefined && v > s.maximum) return { bound: `≤ ${s.maximum}`, value: String(v) };
  }
  if (isScalar(node) && typeof node.value === 'string' && s.pattern !== undefined) {
    let re = patterns.get(s.pattern);
    if (!re) patterns.set(s.pattern, (re = new RegExp(s.pattern, 'u')));
    if (!re.test(node.value)) return { bound: `text matching /${s.pattern}/`, value: describeValue(node) };
  }
  if (isSeq(node)) {
    const n = node.items.length;
    const count = `a list of ${n} ${n === 1 ? 'item' : 'items'}`;
    if (s.minItems !== undefined && n < s.minItems)
      return { bound: `a list of at least ${s.minItems}`, value: n === 0 ? 'an empty list' : count };
    if (s.maxItems !== undefined && n > s.maxItems) return { bound: `a list of at most ${s.maxItems}`, value: count };
  }
  return undefined;
}

/** Known keys a map does not have yet, so a did-you-mean never proposes a duplicate. */
function unusedKeys(known: readonly string[], node: Node, ctx: ValidationContext): string[] {
  const keys = new Set<string>();
  if (isMap(node))
    for (const pair of node.items as Pair<Node | null, Node | null>[]) {
      const key = resolveAlias(pair.key, ctx);
      if (isScalar(key)) keys.add(String(key.value));
    }
  return known.filter((k) => !keys.has(k));
}

function checkMap(node: Node, s: SchemaNode, label: string, span: Span, ctx: ValidationContext): void {
  if (!isMap(node)) return;
  const seen = new Set<string>();
  const known = Object.keys(s.properties ?? {});
  // Computed once per map: per unknown key it made a map of many unknown keys quadratic.
  let unused: string[] | undefined;
  for (const pair of node.items as Pair<Node | null, Node | null>[]) {
    const key = resolveAlias(pair.key, ctx);
    const keySpan = spanOf(pair.key as Node, ctx.base, span);
    if (!isScalar(key) || (typeof key.value !== 'string' && typeof key.value !== 'number')) {
      ctx.problems.push({ span: keySpan, message: `Keys in ${label} must be plain names.` });
      continue;
    }
    const name = String(key.value);
    seen.add(name);
    const propertySchema = own(s.properties, name);
    if (propertySchema) {
      validateChild(pair.value as Node | null, name, propertySchema, name, keySpan, ctx);
    } else if (typeof s.additionalProperties === 'object') {
      validateChild(pair.value as Node | null, name, s.additionalProperties, `${label}.${name}`, keySpan, ctx);
    } else if (s.additionalProperties === false) {
      const message = unknownKeyMessage(name, label, known);
      ctx.problems.push({
        span: keySpan,
        path: [...ctx.path!, name],
        message,
        suggestion: didYouMean(name, (unused ??= unusedKeys(known, node, ctx))),
      });
    }
  }
  for (const required of s.required ?? []) {
    if (!seen.has(required))
      ctx.problems.push({ span, path: [...ctx.path!], message: missingKeyMessage(label, required, own(s.properties, required)) });
  }
}

function unknownKeyMessage(name: string, label: string, known: string[]): string {
  return `Unknown key '${name}' in ${label}.${suggestion(name, known)}${known.length ? ` Known keys: ${known.join(', ')}.` : ''}`;
}

/** Says what the missing key takes, when its schema says (`errorMessage`). */
function missingKeyMessage(label: string, key: string, schema: SchemaNode | undefined): string {
  const takes = schema && resolveSchema(schema).errorMessage;
  return `${label} is missing the required key '${key}'${takes ? `: ${takes}` : ''}.`;
}
