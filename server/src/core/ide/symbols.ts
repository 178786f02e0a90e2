// Datastore and region names as symbols: what is under the cursor, its declaration and every reference,
// for go-to-definition, find-references and rename.

import type { AnalysisResult } from '../analysis/analyze';
import type { Span } from '../model/design';

export interface SymbolRef {
  kind: 'datastore' | 'region';
  name: string;
}

export interface SymbolLocations {
  symbol: SymbolRef;
  declaration?: Span;
  references: Span[];
}

const within = (span: Span, offset: number) => offset >= span.start && offset <= span.end;

/** A name written inside `scenarios:` (a selector, a partition side, a crashed node, a client's region). */
interface ScenarioName {
  kind: 'datastore' | 'region';
  name: string;
  /** Just the name, e.g. `ledger` inside the node id `ledger-2`. */
  span: Span;
}

/** Where a scenario may name datastores (selectors, explicit clients' uses) or regions, by the path's tail. */
const DATASTORE_PATH = /(^|\/)(datastore|uses\/\d+)$/;
const SIDE_PATH = /(^|\/)(isolate|between\/\d+\/\d+)$/;
const NODE_PATH = /(^|\/)node$/;
const REGION_PATH = /(^|\/)region$/;

function valueAt(raw: unknown, path: string): unknown {
  let v = raw;
  for (const segment of path.split('/')) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[segment];
  }
  return v;
}

function scenarioNames(result: AnalysisResult): ScenarioName[] {
  const { design } = result;
  if (!design.scenarios || !design.scenarioSpans) return [];
  const datastores = new Set(design.datastores.map((d) => d.name));
  const regions = new Set(design.regions.map((r) => r.name));
  const out: ScenarioName[] = [];
  for (const s of design.scenarioSpans) {
    const value = valueAt(design.scenarios.value, s.path);
    if (typeof value !== 'string') continue;
    // Plain scalars span the name exactly; quoted ones one quote more on each side.
    const start = s.span.end - s.span.start === value.length + 2 ? s.span.start + 1 : s.span.start;
    if (s.span.end - s.span.start !== value.length && start === s.span.start) continue;
    const side = SIDE_PATH.test(s.path);
    if ((DATASTORE_PATH.test(s.path) || side) && datastores.has(value))
      out.push({ kind: 'datastore', name: value, span: { start, end: start + value.length } });
    else if ((REGION_PATH.test(s.path) || side) && regions.has(value))
      out.push({ kind: 'region', name: value, span: { start, end: start + value.length } });
    else if (side || NODE_PATH.test(s.path)) {
      // A node id `<datastore>-<k>` names its datastore.
      const m = /^(.+)-\d+$/.exec(value);
      if (m && datastores.has(m[1])) out.push({ kind: 'datastore', name: m[1], span: { start, end: start + m[1].length } });
    }
  }
  return out;
}

export function symbolAt(result: AnalysisResult, offset: number): { symbol: SymbolRef; span: Span } | undefined {
  const { design } = result;
  for (const ds of design.datastores) {
    if (within(ds.nameSpan, offset)) return { symbol: { kind: 'datastore', name: ds.name }, span: ds.nameSpan };
    if (offset < ds.span.start || offset > ds.span.end) continue;
    for (const p of ds.placement?.regions ?? [])
      if (within(p.nameSpan, offset)) return { symbol: { kind: 'region', name: p.name }, span: p.nameSpan };
  }
  for (const c of design.components) {
    if (offset < c.span.start || offset > c.span.end) continue;
    for (const use of c.uses)
      if (within(use.datastoreSpan, offset))
        return { symbol: { kind: 'datastore', name: use.datastore }, span: use.datastoreSpan };
  }
  for (const r of design.regions) if (within(r.span, offset)) return { symbol: { kind: 'region', name: r.name }, span: r.span };
  if (design.scenarios && within(design.scenarios.span, offset)) {
    for (const n of scenarioNames(result))
      if (within(n.span, offset)) return { symbol: { kind: n.kind, name: n.name }, span: n.span };
  }
  return undefined;
}

export function locationsOf(result: AnalysisResult, symbol: SymbolRef): SymbolLocations {
  const { design } = result;
  const references: Span[] = [];
  let declaration: Span | undefined;
  if (symbol.kind === 'datastore') {
    declaration = design.datastores.find((d) => d.name === symbol.name)?.nameSpan;
    for (const c of design.components)
      for (const use of c.uses) if (use.datastore === symbol.name) references.push(use.datastoreSpan);
  } else {
    declaration = design.regions.find((r) => r.name === symbol.name)?.span;
    for (const ds of design.datastores)
      for (const p of ds.placement?.regions ?? []) if (p.name === symbol.name) references.push(p.nameSpan);
  }
  for (const n of scenarioNames(result)) if (n.kind === symbol.kind && n.name === symbol.name) references.push(n.span);
  return { symbol, declaration, references };
}

export const SYMBOL_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.\-/]*$/;

/** Edits renaming a symbol everywhere, or an error message for a name the language cannot hold. */
export function renameEdits(
  result: AnalysisResult,
  offset: number,
  newName: string,
): { edits: { span: Span; newText: string }[] } | { error: string } | undefined {
  const at = symbolAt(result, offset);
  if (!at) return undefined;
  if (!SYMBOL_NAME.test(newName))
    return {
      error: `'${newName}' is not a valid ${at.symbol.kind} name: use letters, digits, '_', '-', '.' or '/', starting with a letter or digit.`,
    };
  const existing =
    at.symbol.kind === 'datastore' ? result.design.datastores.map((d) => d.name) : result.design.regions.map((r) => r.name);
  if (newName !== at.symbol.name && existing.includes(newName))
    return { error: `A ${at.symbol.kind} named '${newName}' already exists.` };
  const locs = locationsOf(result, at.symbol);
  const spans = [...(locs.declaration ? [locs.declaration] : []), ...locs.references];
  return { edits: spans.map((span) => ({ span, newText: newName })) };
}
