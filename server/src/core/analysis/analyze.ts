// The analysis entry points: a stateless full check, and an incremental analyzer that re-parses and
// re-checks only the entries an edit touched. Both assemble the same units the same way, so their results
// are equal (tested on random edits); when the incremental split cannot be proven safe it parses in full.

import { compactStrings } from '../text/compact';
import { isAlias, isCollection, isMap, isScalar, parseDocument, visit, type Document, type Node, type Pair } from 'yaml';
import type { DatastoreAnalysis } from '../derive/datastore';
import { finding, type Finding, type RatedFinding } from '../rules/findings';
import type { Design, Span } from '../model/design';
import { indexAnchors } from '../model/anchors';
import { findRepeatedKeys } from '../model/duplicate-keys';
import { DESIGN_SCHEMA, spanOf } from '../model/schema';
import { runDesignRules, type ComponentFindingsMemo } from '../rules/run';
import { severityOf, type RuleSeverityOverrides } from '../rules/registry';
import { didYouMean, suggestion } from '../text/suggest';
import { replaceFix } from '../rules/context';
import { planChunks, type Chunk, type SectionHeader } from './chunks';
import { checkLimits, MAX_DOCUMENT_BYTES } from './limits';
import { collectSpans, moveSpans } from './shift';
import { analyzeComponentUnit, analyzeDatastoreUnit, analyzeTopUnit, newContext, type UnitResult } from './units';

export interface AnalysisResult {
  design: Design;
  /** Each datastore's one analysis, by name (the first entry when a name is duplicated). */
  analyses: ReadonlyMap<string, DatastoreAnalysis>;
  /** Findings before the user's severity settings, in document order. */
  findings: Finding[];
  /** True when the YAML itself is broken; semantic rules were not run. */
  syntaxBroken: boolean;
}

// Duplicate keys are found by ./model/duplicate-keys in one pass: yaml's own check is quadratic per map.
const PARSE_OPTIONS = { prettyErrors: false, uniqueKeys: false, strict: true } as const;

function parse(text: string): Document {
  return parseDocument(text, PARSE_OPTIONS);
}

export interface AnalysisOptions {
  /** Longest text checked, in characters (default MAX_DOCUMENT_BYTES); longer gets one finding instead. */
  maxBytes?: number;
  /**
   * Whether scenario findings are part of the result (default true). The language server passes false and
   * runs the scenarios of ./scenario-plan in a worker, so no simulation holds up diagnostics.
   */
  scenarios?: boolean;
}

/** Check a whole document from scratch. */
export function analyzeFull(text: string, options: AnalysisOptions = {}): AnalysisResult {
  const limit = checkLimits(text, options.maxBytes);
  if (limit) return emptyResult([limit], true);
  let doc: Document;
  try {
    doc = parse(text);
  } catch (e) {
    return emptyResult(
      [finding('yaml-syntax', { start: 0, end: 0 }, `The YAML parser gave up on this file: ${(e as Error).message}`)],
      true,
    );
  }
  const rootFindings: Finding[] = [];
  const syntax = [...doc.errors, ...doc.warnings].map((err) => {
    const [start, end] = err.pos;
    return finding('yaml-syntax', { start, end: Math.max(end, start) }, cleanYamlMessage(err.message));
  });
  const repeats = findRepeatedKeys(doc);
  const clashes = new Set<number>();
  for (const r of repeats) {
    const related = [{ span: r.first, message: `first '${r.name}'` }];
    if (r.kind === 'duplicate')
      syntax.push(
        finding('yaml-syntax', r.span, `Map keys must be unique: '${r.name}' is already a key of this map.`, { related }),
      );
    else {
      clashes.add(r.span.start);
      const [later, first] = [text.slice(r.span.start, r.span.end), text.slice(r.first.start, r.first.end)];
      rootFindings.push(
        finding(
          'schema',
          r.span,
          `\`${later}\` and \`${first}\` are different YAML keys, but CAP Lens names entries by their text and reads both as '${r.name}': only the first is checked. Rename one.`,
          { related },
        ),
      );
    }
  }
  const anchors = indexAnchors(doc);
  if (anchors.refused) syntax.push(finding('yaml-syntax', anchors.refused.span, anchors.refused.message));
  const units: UnitResult[] = [];
  const topKeys: { key: string; keySpan: Span }[] = [];
  const sections: SectionHeader[] = [];
  const root = doc.contents as Node | null;
  if (isMap(root)) {
    for (const pair of root.items as Pair<unknown, unknown>[]) {
      const key = pair.key as Node;
      // A key CAP Lens would read as an earlier one's name is reported above and not analysed twice.
      if (!isScalar(key) || clashes.has(key.range?.[0] ?? -1)) continue;
      const name = String(key.value);
      const keySpan = spanOf(key, 0, { start: 0, end: 0 });
      topKeys.push({ key: name, keySpan });
      if ((name === 'datastores' || name === 'components') && isMap(pair.value)) {
        sections.push({ key: name, keySpan });
        for (const entry of pair.value.items as Pair<unknown, unknown>[]) {
          if (isScalar(entry.key) && clashes.has(entry.key.range?.[0] ?? -1)) continue;
          const unit =
            name === 'datastores'
              ? analyzeDatastoreUnit(entry, newContext(0, anchors.targets), text)
              : analyzeComponentUnit(entry, newContext(0, anchors.targets));
          if (unit) units.push(unit);
        }
      } else {
        const unit = analyzeTopUnit(pair, newContext(0, anchors.targets));
        if (unit) units.push(unit);
      }
    }
  } else if (root !== null || syntax.length === 0) {
    const span = root ? spanOf(root, 0, { start: 0, end: 0 }) : { start: 0, end: Math.min(text.length, 1) };
    rootFindings.push(
      finding(
        'schema',
        span,
        root
          ? 'A design is a map of keys (system, datastores, components, …), not a single value or list.'
          : 'This design is empty: it needs at least `system:` and `datastores:`.',
      ),
    );
  }
  return assemble(text, units, topKeys, sections, [...syntax, ...rootFindings], isMap(root), options);
}

/**
 * Keeps the last result of every chunk; `analyze` reuses those whose text is unchanged (moved to their new
 * offset) and parses the rest. Falls back to `analyzeFull` when the document cannot be split safely.
 * A result shares objects with the cache: it is valid until the next call to `analyze`.
 */
interface CachedUnit {
  /** The chunk's text: a cache hit is the same text at the chunk's position, compared in place. */
  text: string;
  unit: UnitResult | null;
  spans: Span[];
  /** Where the unit's spans currently point: the chunk's offset in the text they were last placed for. */
  base: number;
}

/** Characters at the start (`prefix`) and end (`suffix`) of a text known to be as in the previous one. */
export interface UnchangedEnds {
  prefix: number;
  suffix: number;
}

export class IncrementalAnalyzer {
  /** By chunk kind and key (entry names are unique), so a lookup needs no copy of the chunk's text. */
  private cache = new Map<string, CachedUnit>();
  /** Component rules' findings, reused while a component and the stores it uses are unchanged. */
  private componentFindings: ComponentFindingsMemo = new WeakMap();
  /** The length of the last call's text, and whether every cached unit sits where that text has it. */
  private last: { length: number; placed: boolean } = { length: 0, placed: false };
  /** How the last call was served, for benchmarks and tests. */
  lastMode: 'incremental' | 'full' = 'full';
  lastReparsed = 0;

  constructor(private readonly options: AnalysisOptions = {}) {}

  /**
   * `unchanged`, when the caller knows it (the language server does, from the edits it applied): how many
   * characters at the start and at the end of `text` are the same as in the previous call's text. Chunks
   * inside those ends are then known unchanged without comparing their text.
   */
  analyze(text: string, unchanged?: UnchangedEnds): AnalysisResult {
    // Nesting limits are checked per chunk as it is parsed (a chunk boundary is never inside a flow collection
    // or a line, and a chunk with unclosed brackets does not parse alone), so a keystroke scans only its chunk.
    const plan = text.length > (this.options.maxBytes ?? MAX_DOCUMENT_BYTES) ? undefined : planChunks(text);
    if (plan) {
      const result = this.tryIncremental(text, plan.chunks, plan.sections, this.last.placed ? unchanged : undefined);
      if (result) {
        this.lastMode = 'incremental';
        this.last = { length: text.length, placed: true };
        return result;
      }
    }
    this.last = { length: text.length, placed: false };
    // Chunks that did parse safely stay cached, so the edit that repairs the file is incremental again.
    this.lastMode = 'full';
    return analyzeFull(text, this.options);
  }

  /**
   * The findings of the entries that start before `limit` (the first screenful of a large document just
   * opened), without analysing the rest. Each is exactly what a full check reports for that entry, since an
   * entry's own findings depend on its text alone; findings across entries (components, references) and the
   * rest come with the full analysis, which reuses the entries parsed here. Undefined when the analyzer has
   * already analysed a text, or the document cannot be split safely.
   */
  analyzeHead(text: string, limit: number): Finding[] | undefined {
    if (this.cache.size > 0 || text.length > (this.options.maxBytes ?? MAX_DOCUMENT_BYTES)) return undefined;
    const plan = planChunks(text);
    if (!plan) return undefined;
    const findings: Finding[] = [];
    for (const chunk of plan.chunks) {
      if (chunk.start >= limit) break;
      const cached = cacheChunk(text, chunk);
      if (cached === 'unsafe') return undefined;
      moveSpans(cached.spans, chunk.start);
      cached.base = chunk.start;
      this.cache.set(cacheKeyOf(chunk), cached);
      if (cached.unit) findings.push(...cached.unit.findings);
    }
    return findings.sort(byPosition);
  }

  private tryIncremental(
    text: string,
    chunks: Chunk[],
    sections: SectionHeader[],
    unchanged: UnchangedEnds | undefined,
  ): AnalysisResult | undefined {
    // Where a chunk of the unchanged end sat in the previous text.
    const shift = text.length - this.last.length;
    const suffixStart = unchanged ? text.length - unchanged.suffix : Infinity;
    const next = new Map<string, CachedUnit>();
    const units: UnitResult[] = [];
    const topKeys: { key: string; keySpan: Span }[] = sections.map((s) => ({ key: s.key, keySpan: s.keySpan }));
    let reparsed = 0;
    let unsafe = false;
    const placed: { cached: CachedUnit; start: number }[] = [];
    for (const chunk of chunks) {
      const cacheKey = cacheKeyOf(chunk);
      let cached = this.cache.get(cacheKey);
      const length = chunk.end - chunk.start;
      const inPlace =
        cached !== undefined &&
        cached.text.length === length &&
        unchanged !== undefined &&
        ((chunk.end <= unchanged.prefix && cached.base === chunk.start) ||
          (chunk.start >= suffixStart && cached.base === chunk.start - shift));
      if (!cached || (!inPlace && (cached.text.length !== length || !text.startsWith(cached.text, chunk.start)))) {
        reparsed++;
        const fresh = cacheChunk(text, chunk);
        if (fresh === 'unsafe') {
          unsafe = true;
          continue;
        }
        cached = fresh;
      }
      next.set(cacheKey, cached);
      if (!unsafe && cached.unit) placed.push({ cached, start: chunk.start });
    }
    this.lastReparsed = reparsed;
    if (unsafe) {
      // Keep what the last good text had too: the edit that repairs this one usually restores those chunks.
      if (this.cache.size + next.size <= 2 * chunks.length + 256) for (const [k, v] of next) this.cache.set(k, v);
      else this.cache = next;
      return undefined;
    }
    this.cache = next;
    // Only now that the call is known to succeed are cached units moved, so a fallback leaves the previous
    // result as it was.
    for (const { cached, start } of placed) {
      moveSpans(cached.spans, start - cached.base);
      cached.base = start;
      const unit = cached.unit!;
      if (unit.kind === 'top') topKeys.push({ key: unit.key, keySpan: unit.keySpan });
      units.push(unit);
    }
    // Top-level keys in document order, as the full parse sees them.
    topKeys.sort((a, b) => a.keySpan.start - b.keySpan.start);
    const sorted = sections.slice().sort((a, b) => a.keySpan.start - b.keySpan.start);
    return assemble(text, units, topKeys, sorted, [], true, this.options, this.componentFindings);
  }
}

function cacheKeyOf(chunk: Chunk): string {
  return `${chunk.kind}\u0000${chunk.key}`;
}

/**
 * A chunk of `text` parsed and analysed alone, as the cache keeps it (its spans relative to the chunk); 'unsafe'
 * when only the full check can judge it (a limit it breaks is reported there, at its place in the whole text).
 */
function cacheChunk(text: string, chunk: Chunk): CachedUnit | 'unsafe' {
  const chunkText = detachedCopy(text.slice(chunk.start, chunk.end));
  if (checkLimits(chunkText, Infinity)) return 'unsafe';
  const parsed = analyzeChunk(chunk, chunkText);
  if (parsed === 'unsafe') return 'unsafe';
  return { text: chunkText, unit: parsed, spans: parsed ? collectSpans(parsed) : [], base: 0 };
}

/** Parse and analyze one chunk alone; 'unsafe' when its result might differ from a whole-document parse. */
function analyzeChunk(chunk: Chunk, text: string): UnitResult | null | 'unsafe' {
  let doc: Document;
  try {
    doc = parse(text);
  } catch {
    return 'unsafe';
  }
  // Errors, anchors and aliases can reach across chunks: let the full parse judge them.
  if (doc.errors.length || doc.warnings.length || (/[&*]/.test(text) && hasAnchorsOrAliases(doc)) || findRepeatedKeys(doc).length)
    return 'unsafe';
  const root = doc.contents as Node | null;
  if (!isMap(root) || root.items.length !== 1) return 'unsafe';
  const pair = root.items[0] as Pair<unknown, unknown>;
  if (!isScalar(pair.key) || String(pair.key.value) !== chunk.key) return 'unsafe';
  const ctx = newContext(0);
  const unit =
    chunk.kind === 'datastore'
      ? analyzeDatastoreUnit(pair, ctx, text)
      : chunk.kind === 'component'
        ? analyzeComponentUnit(pair, ctx)
        : analyzeTopUnit(pair, ctx);
  return unit ? compactStrings(unit) : null;
}

/**
 * A copy of a string that does not share memory with the string it was cut from. A slice is a view onto
 * its parent, so a cached chunk would otherwise keep the whole document text of its version alive.
 */
function detachedCopy(s: string): string {
  return JSON.parse(JSON.stringify(s)) as string;
}

function hasAnchorsOrAliases(doc: Document): boolean {
  let found = false;
  visit(doc, (_key, node) => {
    if (isAlias(node) || ((isScalar(node) || isCollection(node)) && node.anchor)) {
      found = true;
      return visit.BREAK;
    }
    return undefined;
  });
  return found;
}

function emptyResult(findings: Finding[], syntaxBroken: boolean): AnalysisResult {
  return { design: { regions: [], datastores: [], components: [] }, analyses: new Map(), findings, syntaxBroken };
}

function assemble(
  text: string,
  units: UnitResult[],
  topKeys: { key: string; keySpan: Span }[],
  sections: SectionHeader[],
  leading: Finding[],
  rootIsMap: boolean,
  options: AnalysisOptions,
  memo?: ComponentFindingsMemo,
): AnalysisResult {
  const design: Design = { regions: [], datastores: [], components: [] };
  const analyses = new Map<string, DatastoreAnalysis>();
  const local: Finding[] = [];
  for (const s of sections) {
    if (s.key === 'datastores') design.datastoresKeySpan = s.keySpan;
    else design.componentsKeySpan = s.keySpan;
  }
  for (const unit of units) {
    local.push(...unit.findings);
    if (unit.kind === 'datastore') {
      design.datastores.push(unit.datastore);
      if (!analyses.has(unit.datastore.name)) analyses.set(unit.datastore.name, unit.analysis);
    } else if (unit.kind === 'component') {
      design.components.push(unit.component);
    } else {
      if (unit.key === 'datastores') design.datastoresKeySpan = unit.keySpan;
      if (unit.key === 'components') design.componentsKeySpan = unit.keySpan;
      if (unit.system) design.system = unit.system;
      if (unit.description) design.description = unit.description;
      if (unit.regions) {
        design.regions = unit.regions;
        design.regionsKeySpan = unit.keySpan;
      }
      if (unit.scenarios) {
        design.scenarios = unit.scenarios;
        design.scenarioSpans = unit.scenarioSpans;
      }
    }
  }
  const syntaxBroken = leading.some((f) => f.rule === 'yaml-syntax');
  const root: Finding[] = [];
  if (rootIsMap) {
    const known = Object.keys(DESIGN_SCHEMA.properties ?? {});
    for (const { key, keySpan } of topKeys) {
      if (known.includes(key)) continue;
      const best = didYouMean(
        key,
        known.filter((k) => !topKeys.some((t) => t.key === k)),
      );
      root.push(
        finding('schema', keySpan, `Unknown top-level key '${key}'.${suggestion(key, known)} Known keys: ${known.join(', ')}.`, {
          fixes: best ? [replaceFix(`Change to '${best}'`, keySpan, best, true)] : [],
        }),
      );
    }
    const firstLine = { start: 0, end: Math.max(0, text.search(/\r?\n|$/)) };
    for (const required of DESIGN_SCHEMA.required ?? []) {
      if (!topKeys.some((k) => k.key === required))
        root.push(
          finding(
            'schema',
            firstLine,
            `A design needs a '${required}:' key.${required === 'datastores' ? ' Declare at least one datastore with its replicas and quorums.' : ''}`,
          ),
        );
    }
  }
  let findings: Finding[];
  if (syntaxBroken) {
    // Stop at the first failing stage, as taplo does: rules on a half-parsed file mostly add noise.
    findings = leading.filter((f) => f.rule === 'yaml-syntax');
  } else {
    // Deferred scenarios (the language server runs them in a worker) are left out of the design rules' view.
    const ruled = options.scenarios === false ? { ...design, scenarios: undefined } : design;
    findings = [...leading, ...root, ...local, ...runDesignRules(ruled, analyses, text, memo)];
  }
  findings.sort(byPosition);
  return { design, analyses, findings, syntaxBroken };
}

/** Document order: by start, then end, rule and message, so every surface lists findings alike. */
export function byPosition(a: Finding, b: Finding): number {
  return (
    a.span.start - b.span.start || a.span.end - b.span.end || a.rule.localeCompare(b.rule) || a.message.localeCompare(b.message)
  );
}

/** YAML library messages start with an error code ("BAD_INDENT: ..."); users want the sentence. */
function cleanYamlMessage(message: string): string {
  if (message.startsWith('MULTIPLE_DOCS') || /multiple documents/.test(message))
    return "A design is one YAML document: remove the '---' separator and what follows it, or move it to its own *.cap.yaml file.";
  const text = message.replace(/^[A-Z_]+: /, '').split('\n')[0];
  return text.endsWith('.') ? text : `${text}.`;
}

/** Applies the user's severity settings; `off` removes a rule's findings. */
export function rateFindings(findings: readonly Finding[], overrides: RuleSeverityOverrides = {}): RatedFinding[] {
  const out: RatedFinding[] = [];
  for (const f of findings) {
    const severity = severityOf(f.rule, overrides);
    if (severity !== 'off') out.push({ ...f, severity });
  }
  return out;
}
