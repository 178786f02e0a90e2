// A design review as a diff: two versions of a design compared entry by entry. For each datastore and
// component, what changed in its claims and settings (as written) and in what the analysis derives (the claim
// rows every surface prints, and N, R, W), with the setting changes named as the cause of the fact changes;
// renamed entries followed when their settings are the same; and the findings that appeared and disappeared.
// Reads the one analysis of each version; judges nothing itself.

import type { AnalysisResult } from '../analysis/analyze';
import type { DatastoreAnalysis } from '../derive/datastore';
import { judgeUse } from '../derive/verdicts';
import { claimRows } from '../ide/claim-rows';
import { summaryLine } from '../ide/describe';
import type { Component, Datastore, Span } from '../model/design';
import type { RatedFinding, Severity } from '../rules/findings';
import type { LineIndex } from '../text/lines';

/** One version of one design: its analysis, its rated findings, the text the spans point into, and its lines. */
export interface DesignVersion {
  analysis: AnalysisResult;
  findings: readonly RatedFinding[];
  /** The text the analysis read (for a Markdown doc, the design's text: same offsets as the doc). */
  text: string;
  lines: LineIndex;
}

export interface Change {
  /** `read_quorum`, `claims.cap`, `settings.acks`, `CAP`, `N`, `uses.ledger`… */
  key: string;
  from?: string;
  to?: string;
}

export interface EntryDiff {
  kind: 'datastore' | 'component';
  /** The name in the new version (the old one when removed). */
  name: string;
  status: 'added' | 'removed' | 'changed' | 'unchanged';
  /** The old name, when the entry was renamed (same settings under another name). */
  renamedFrom?: string;
  /** 1-based line of the entry's name in the new version (the old one when removed). */
  line: number;
  /** What the design says, as written. */
  claims: Change[];
  settings: Change[];
  /** What the analysis derives: the claim rows' derived values, N, R and W; for components, what each store gives. */
  facts: Change[];
  /**
   * What the change means for this entry, one sentence each, without the entry's name: "CAP CP → AP — because
   * write_quorum went from majority to 1", "now needs linearizable from ledger, which gives eventual".
   */
  sentences: string[];
}

export interface FindingChange {
  finding: RatedFinding;
  /** 1-based, in the version it belongs to (new for added, old for fixed). */
  line: number;
  column: number;
  /** The datastore or component it is in, by its name in the new version. */
  entry?: string;
}

export interface DesignDiff {
  system?: string;
  /** 'added' / 'removed': the whole design is new or gone. */
  status: 'added' | 'removed' | 'changed' | 'unchanged';
  entries: EntryDiff[];
  added: FindingChange[];
  fixed: FindingChange[];
}

/** One file of a change: its designs compared (none changed when only the prose around them did). */
export interface FileDiff {
  /** As shown: the path in the new version (the old one when deleted). */
  path: string;
  /** The path in the old version, when the file was renamed. */
  oldPath?: string;
  status: 'added' | 'deleted' | 'modified' | 'renamed';
  designs: DesignDiff[];
}

const NUMBERS = ['N', 'R', 'W'];
/** How a derived fact reads inside a sentence. */
const FACT_LABEL: Record<string, string> = {
  Consistency: 'consistency',
  'On partition': 'on partition',
  'Failures survived (writes)': 'failures survived (writes)',
  'Failures survived (reads)': 'failures survived (reads)',
  'Acknowledged writes': 'acknowledged writes',
  'Region loss': 'region loss',
  'Stale read right after a write': 'stale read after a write',
};

const flat = (s: string) => s.replace(/\s+/g, ' ').trim();
const written = (v: DesignVersion, span: Span | undefined) => (span ? flat(v.text.slice(span.start, span.end)) : undefined);

/** A datastore's settings as written, by the key a reviewer knows. */
function datastoreSettings(v: DesignVersion, ds: Datastore): Map<string, string> {
  const out = new Map<string, string>();
  const put = (key: string, span: Span | undefined) => {
    const value = written(v, span);
    if (value !== undefined) out.set(key, value);
  };
  put('engine', ds.engine?.span);
  put('replicas', ds.replicas?.span);
  put('replication', ds.replication?.span);
  put('read_quorum', ds.readQuorum?.span);
  put('write_quorum', ds.writeQuorum?.span);
  put('read_from', ds.readFrom?.span);
  put('placement', ds.placement?.span);
  put('conflicts', ds.conflicts?.span);
  for (const [key, setting] of Object.entries(ds.settings?.value ?? {})) put(`settings.${key}`, setting.span);
  put('latency', ds.latency?.span);
  return out;
}

function datastoreClaims(v: DesignVersion, ds: Datastore): Map<string, string> {
  const out = new Map<string, string>();
  const c = ds.claims;
  const put = (key: string, span: Span | undefined) => {
    const value = written(v, span);
    if (value !== undefined) out.set(`claims.${key}`, value);
  };
  put('consistency', c?.consistency?.span);
  put('cap', c?.cap?.span);
  put('pacelc', c?.pacelc?.span);
  put('on_partition', c?.onPartition?.span);
  put('tolerates', c?.tolerates?.span);
  put('loss_free', c?.lossFree?.span);
  put('survives_region_loss', c?.survivesRegionLoss?.span);
  return out;
}

/** Derived facts by property: the claim rows' derived values, and N, R, W as used. */
function datastoreFacts(a: DatastoreAnalysis | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (!a) return out;
  if (a.model) {
    out.set('N', String(a.model.n));
    out.set('R', String(a.model.r));
    out.set('W', String(a.model.w));
  }
  for (const row of claimRows(a)) out.set(row.property, row.derived);
  return out;
}

function componentSettings(v: DesignVersion, c: Component, rename: (name: string) => string): Map<string, string> {
  const out = new Map<string, string>();
  const choice = written(v, c.choice?.span);
  if (choice !== undefined) out.set('choice', choice);
  for (const use of c.uses)
    out.set(
      `uses.${rename(use.datastore)}`,
      `${use.needs?.value ?? '(no level)'}${use.session?.value === 'separate' ? ' (separate session)' : ''}`,
    );
  return out;
}

/** What each store a component uses gives it, and whether that meets the need. */
function componentFacts(
  c: Component,
  analyses: ReadonlyMap<string, DatastoreAnalysis>,
  rename: (name: string) => string,
): Map<string, { gives: string; holds?: boolean; needs?: string }> {
  const out = new Map<string, { gives: string; holds?: boolean; needs?: string }>();
  for (const use of c.uses) {
    const f = analyses.get(use.datastore)?.facts;
    const v = f ? judgeUse(use, f) : undefined;
    out.set(rename(use.datastore), {
      gives: v ? v.derived : f ? f.model.consistency.provided.join(' + ') : 'nothing derived',
      holds: v?.holds,
      needs: use.needs?.value,
    });
  }
  return out;
}

function changes(from: Map<string, string>, to: Map<string, string>): Change[] {
  const keys = [...new Set([...from.keys(), ...to.keys()])];
  return keys.filter((k) => from.get(k) !== to.get(k)).map((k) => ({ key: k, from: from.get(k), to: to.get(k) }));
}

/** "write_quorum went from majority to 1", "replicas was added (3)", "conflicts was removed (crdt)". */
function cause(c: Change): string {
  if (c.from === undefined) return `${c.key} was set to ${c.to}`;
  if (c.to === undefined) return `${c.key} (${c.from}) was removed`;
  return `${c.key} went from ${c.from} to ${c.to}`;
}

function joinCauses(list: readonly Change[]): string {
  const parts = list.map(cause);
  return parts.length <= 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

/**
 * Pairs entries removed in one version with entries added in the other when their settings are the same:
 * a rename. Only one-to-one matches count, so two identical stores are never guessed at.
 */
function renames<T>(removed: readonly T[], added: readonly T[], fingerprint: (x: T, side: 'base' | 'head') => string): Map<T, T> {
  const pairs = new Map<T, T>();
  for (const r of removed) {
    const fr = fingerprint(r, 'base');
    const candidates = added.filter((a) => fingerprint(a, 'head') === fr);
    const rivals = removed.filter((o) => fingerprint(o, 'base') === fr);
    if (candidates.length === 1 && rivals.length === 1) pairs.set(r, candidates[0]);
  }
  return pairs;
}

function firstByName<T extends { name: string }>(list: readonly T[]): Map<string, T> {
  const out = new Map<string, T>();
  for (const x of list) if (!out.has(x.name)) out.set(x.name, x);
  return out;
}

/** Compares two versions of a design; either may be missing (a design added or removed). */
export function diffDesigns(base: DesignVersion | undefined, head: DesignVersion | undefined): DesignDiff {
  const empty: DesignVersion['analysis']['design'] = { regions: [], datastores: [], components: [] };
  const bd = base?.analysis.design ?? empty;
  const hd = head?.analysis.design ?? empty;
  const bStores = firstByName(bd.datastores);
  const hStores = firstByName(hd.datastores);

  // Datastore renames: same settings and claims as written, under another name.
  const dsPrint = (v: DesignVersion | undefined) => (ds: Datastore) =>
    v ? JSON.stringify([...datastoreSettings(v, ds), ...datastoreClaims(v, ds)]) : '';
  const dsRenames = renames(
    [...bStores.values()].filter((d) => !hStores.has(d.name)),
    [...hStores.values()].filter((d) => !bStores.has(d.name)),
    (d, side) => dsPrint(side === 'base' ? base : head)(d),
  );
  const newName = new Map<string, string>([...bStores.keys()].map((n) => [n, n]));
  for (const [from, to] of dsRenames) newName.set(from.name, to.name);
  const renameStore = (name: string) => newName.get(name) ?? name;

  const entries: EntryDiff[] = [];
  const headLine = (span: Span) => head!.lines.line(span.start);
  const baseLine = (span: Span) => base!.lines.line(span.start);

  const diffStore = (b: Datastore | undefined, h: Datastore | undefined) => {
    const bv =
      b && base
        ? {
            settings: datastoreSettings(base, b),
            claims: datastoreClaims(base, b),
            facts: datastoreFacts(base.analysis.analyses.get(b.name)),
          }
        : undefined;
    const hv =
      h && head
        ? {
            settings: datastoreSettings(head, h),
            claims: datastoreClaims(head, h),
            facts: datastoreFacts(head.analysis.analyses.get(h.name)),
          }
        : undefined;
    const settings = changes(bv?.settings ?? new Map(), hv?.settings ?? new Map());
    const claims = changes(bv?.claims ?? new Map(), hv?.claims ?? new Map());
    const facts = changes(bv?.facts ?? new Map(), hv?.facts ?? new Map());
    const name = h?.name ?? b!.name;
    const sentences: string[] = [];
    if (b && h) {
      // One sentence for what the entry now means, with the settings that made it so. N, R and W restate the
      // settings; they are named only when no setting changed (the engine's reading of them did).
      const meaning = facts.filter((f) => !NUMBERS.includes(f.key) || settings.length === 0);
      if (meaning.length)
        sentences.push(
          `${meaning.map((f) => `${FACT_LABEL[f.key] ?? f.key} ${f.from ?? '—'} → ${f.to ?? '—'}`).join(' · ')}${settings.length ? ` — because ${joinCauses(settings)}` : ''}`,
        );
      for (const c of claims)
        sentences.push(
          c.from === undefined
            ? `now claims ${c.key.slice(7)}: ${c.to}`
            : c.to === undefined
              ? `no longer claims ${c.key.slice(7)}: ${c.from}`
              : `claims ${c.key.slice(7)}: ${c.from} → ${c.to}`,
        );
      if (!facts.length && settings.length) sentences.push(`${joinCauses(settings)}; nothing derived changed`);
    } else {
      // A new or removed store: what it is (or was), as its code lens says.
      const f = (h ? head : base)!.analysis.analyses.get(name)?.facts;
      sentences.push(f ? `${b ? 'was ' : ''}${summaryLine(f)}` : 'nothing derived: its settings are unusable');
    }
    const status: EntryDiff['status'] = !b
      ? 'added'
      : !h
        ? 'removed'
        : settings.length || claims.length || facts.length || b.name !== h.name
          ? 'changed'
          : 'unchanged';
    entries.push({
      kind: 'datastore',
      name,
      status,
      ...(b && h && b.name !== h.name ? { renamedFrom: b.name } : {}),
      line: h ? headLine(h.nameSpan) : baseLine(b!.nameSpan),
      claims,
      settings,
      facts,
      sentences,
    });
  };
  for (const h of hStores.values()) {
    const from = [...dsRenames].find(([, to]) => to === h)?.[0];
    diffStore(from ?? bStores.get(h.name), h);
  }
  for (const b of bStores.values()) if (!hStores.has(b.name) && !dsRenames.has(b)) diffStore(b, undefined);

  // Components: renamed when their choice and uses (after datastore renames) are the same.
  const bComps = firstByName(bd.components);
  const hComps = firstByName(hd.components);
  const identity = (n: string) => n;
  const compPrint = (v: DesignVersion | undefined, rename: (n: string) => string) => (c: Component) =>
    v ? JSON.stringify([...componentSettings(v, c, rename)]) : '';
  const compRenames = renames(
    [...bComps.values()].filter((c) => !hComps.has(c.name)),
    [...hComps.values()].filter((c) => !bComps.has(c.name)),
    (c, side) => (side === 'base' ? compPrint(base, renameStore)(c) : compPrint(head, identity)(c)),
  );
  const diffComponent = (b: Component | undefined, h: Component | undefined) => {
    const bs = b && base ? componentSettings(base, b, renameStore) : new Map<string, string>();
    const hs = h && head ? componentSettings(head, h, identity) : new Map<string, string>();
    const bf = b && base ? componentFacts(b, base.analysis.analyses, renameStore) : new Map();
    const hf = h && head ? componentFacts(h, head.analysis.analyses, identity) : new Map();
    const settings = changes(bs, hs);
    const facts: Change[] = [];
    const sentences: string[] = [];
    const name = h?.name ?? b!.name;
    for (const store of new Set([...bf.keys(), ...hf.keys()])) {
      const before = bf.get(store);
      const after = hf.get(store);
      const line = (x: { gives: string; holds?: boolean } | undefined) =>
        x ? `${x.gives}${x.holds === undefined ? '' : x.holds ? ' ✓' : ' ✗'}` : undefined;
      if (line(before) !== line(after)) facts.push({ key: `${store} gives`, from: line(before), to: line(after) });
      if (!b || !h) continue;
      if (after && after.holds === false && before?.holds !== false)
        sentences.push(`now needs ${after.needs} from ${store}, which gives ${after.gives}`);
      else if (after && after.holds === true && before?.holds === false)
        sentences.push(`now gets the ${after.needs} it needs from ${store} (${after.gives})`);
      else if (!after && before) sentences.push(`no longer uses ${store}`);
      else if (after && !before)
        sentences.push(
          `now uses ${store}${after.needs ? `, needing ${after.needs}: it gives ${after.gives}${after.holds === false ? ' ✗' : ''}` : ''}`,
        );
      else if (after && before && after.gives !== before.gives)
        sentences.push(
          `${store} now gives ${after.gives} (was ${before.gives})${after.holds === true ? `, still enough for ${after.needs}` : ''}`,
        );
    }
    for (const c of settings.filter((s) => s.key === 'choice')) sentences.push(`choice ${c.from ?? '—'} → ${c.to ?? '—'}`);
    const status: EntryDiff['status'] = !b
      ? 'added'
      : !h
        ? 'removed'
        : settings.length || facts.length || b.name !== h.name
          ? 'changed'
          : 'unchanged';
    entries.push({
      kind: 'component',
      name,
      status,
      ...(b && h && b.name !== h.name ? { renamedFrom: b.name } : {}),
      line: h ? headLine(h.nameSpan) : baseLine(b!.nameSpan),
      claims: [],
      settings,
      facts,
      sentences,
    });
  };
  for (const h of hComps.values()) {
    const from = [...compRenames].find(([, to]) => to === h)?.[0];
    diffComponent(from ?? bComps.get(h.name), h);
  }
  for (const b of bComps.values()) if (!hComps.has(b.name) && !compRenames.has(b)) diffComponent(b, undefined);
  const compNewName = new Map<string, string>([...bComps.keys()].map((n) => [n, n]));
  for (const [from, to] of compRenames) compNewName.set(from.name, to.name);

  const { added, fixed } = diffFindings(base, head, (name, kind) =>
    kind === 'datastore' ? renameStore(name) : (compNewName.get(name) ?? name),
  );
  const changed =
    entries.some((e) => e.status !== 'unchanged') ||
    added.length > 0 ||
    fixed.length > 0 ||
    bd.system?.value !== hd.system?.value;
  return {
    system: hd.system?.value ?? bd.system?.value,
    status: !base ? 'added' : !head ? 'removed' : changed ? 'changed' : 'unchanged',
    entries,
    added,
    fixed,
  };
}

/** The entry a finding is in: `datastore:name`, `component:name`, or '' for the design as a whole. */
function ownerOf(
  v: DesignVersion,
  f: RatedFinding,
  rename: (name: string, kind: 'datastore' | 'component') => string,
): { key: string; name?: string } {
  const inside = (span: Span) => f.span.start >= span.start && f.span.start < span.end;
  const ds = v.analysis.design.datastores.find((d) => inside(d.span));
  if (ds) return { key: `datastore:${rename(ds.name, 'datastore')}`, name: rename(ds.name, 'datastore') };
  const c = v.analysis.design.components.find((x) => inside(x.span));
  if (c) return { key: `component:${rename(c.name, 'component')}`, name: rename(c.name, 'component') };
  return { key: '' };
}

/**
 * Findings that appeared and that went away. The same problem keeps its rule and its entry while its message
 * may change with the figures (R+W = 2 ≤ N = 3 becomes R+W = 2 ≤ N = 4), so findings are paired by rule, entry
 * and message first, then by rule, entry and the claims they explain, then by rule and entry.
 */
function diffFindings(
  base: DesignVersion | undefined,
  head: DesignVersion | undefined,
  rename: (name: string, kind: 'datastore' | 'component') => string,
): { added: FindingChange[]; fixed: FindingChange[] } {
  const identity = (name: string) => name;
  const b = (base?.findings ?? []).map((f) => ({ f, owner: ownerOf(base!, f, rename) }));
  const h = (head?.findings ?? []).map((f) => ({ f, owner: ownerOf(head!, f, identity) }));
  const open = new Set(b);
  const unmatched: typeof h = [];
  const keys: ((x: (typeof b)[number]) => string)[] = [
    (x) => `${x.f.rule}|${x.owner.key}|${x.f.message}`,
    (x) => `${x.f.rule}|${x.owner.key}|${(x.f.claims ?? []).join(',')}`,
    (x) => `${x.f.rule}|${x.owner.key}`,
  ];
  let pending = h;
  for (const key of keys) {
    const next: typeof h = [];
    for (const x of pending) {
      const k = key(x);
      const match = [...open].find((y) => key(y) === k);
      if (match) open.delete(match);
      else next.push(x);
    }
    pending = next;
  }
  unmatched.push(...pending);
  const change = (v: DesignVersion, x: (typeof b)[number]): FindingChange => ({
    finding: x.f,
    line: v.lines.line(x.f.span.start),
    column: v.lines.column(x.f.span.start),
    ...(x.owner.name ? { entry: x.owner.name } : {}),
  });
  return { added: unmatched.map((x) => change(head!, x)), fixed: [...open].map((x) => change(base!, x)) };
}

/**
 * The designs of two versions of one file, paired: by system name first (a doc's designs may move), then in
 * document order. A *.cap.yaml has one design per version.
 */
export function diffDesignLists(base: readonly DesignVersion[], head: readonly DesignVersion[]): DesignDiff[] {
  const system = (v: DesignVersion) => v.analysis.design.system?.value;
  const pairs: [DesignVersion | undefined, DesignVersion | undefined][] = [];
  const left = [...base];
  const unpairedHead: DesignVersion[] = [];
  for (const h of head) {
    const i =
      system(h) === undefined
        ? -1
        : left.findIndex((b) => system(b) === system(h) && left.filter((x) => system(x) === system(h)).length === 1);
    if (i >= 0) pairs.push([left.splice(i, 1)[0], h]);
    else unpairedHead.push(h);
  }
  for (const h of unpairedHead) pairs.push([left.shift(), h]);
  for (const b of left) pairs.push([b, undefined]);
  // In the new version's order, removed designs last.
  pairs.sort(
    (x, y) =>
      (x[1] ? head.indexOf(x[1]) : head.length + base.indexOf(x[0]!)) -
      (y[1] ? head.indexOf(y[1]) : head.length + base.indexOf(y[0]!)),
  );
  return pairs.map(([b, h]) => diffDesigns(b, h));
}

/** True when the change adds a finding at `severity` (the CI gate: `error`). */
export function addsFindingsAt(diffs: readonly DesignDiff[], severity: Severity): boolean {
  return diffs.some((d) => d.added.some((a) => a.finding.severity === severity));
}
