// `cap-lens staleness <file> [--datastore NAME]`: Probabilistically Bounded Staleness for each datastore:
// the closed-form k-staleness table and the Monte Carlo t-visibility curve under the datastore's latency
// model, with the same coordinator, trials and seed as the editor's staleness tab, so the figures match.

import type { DatastoreFacts } from '../../core/derive/facts';
import type { Datastore } from '../../core/model/design';
import { didYouMean } from '../../core/text/suggest';
import { readModel, staleReadProbability } from '../../core/semantics/quorum';
import { systemFromDesign, tVisibility, type SimStore } from '../../core/simulation';
import { replicaLegs } from '../../core/simulation/replica-legs';
import { parseArgs, type OptionSpec } from '../args';
import type { Command } from '../command';
import { emit, EXIT_OK, UsageError, type Io } from '../io';
import { percentText, textTable } from '../tables';
import { loadDesign } from './simulate';

export const VISIBILITY_TIMES = [0, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000];
const K_VALUES = [1, 2, 3, 4, 5];
/** The staleness tab's Monte Carlo size and seed. */
const DEFAULT_TRIALS = 20_000;

const OPTIONS: OptionSpec[] = [
  { name: 'datastore', short: 'd', type: 'string', valueName: 'NAME', description: 'Only this datastore (default: every datastore with usable settings)' },
  { name: 'format', short: 'f', type: 'string', values: ['text', 'json'], default: 'text', description: 'Output format' },
  { name: 'trials', type: 'integer', valueName: 'N', default: DEFAULT_TRIALS, description: 'Monte Carlo trials for t-visibility' },
  { name: 'seed', type: 'integer', valueName: 'S', default: 1, description: 'Seed of the Monte Carlo run' },
  { name: 'output', short: 'o', type: 'string', valueName: 'FILE', description: 'Write to FILE instead of standard output' },
];

export const stalenessCommand: Command = {
  name: 'staleness',
  usage: 'cap-lens staleness <file> [--datastore NAME] [--format text|json]',
  summary: 'Print k-staleness and t-visibility (PBS) for each datastore',
  description:
    "Probabilistically Bounded Staleness (Bailis et al., VLDB 2012). k-staleness: the chance a read returns a value more than k versions old, C(N−W, R)/C(N, R) to the power k. t-visibility: the chance a read issued t ms after a write commits returns it, by Monte Carlo over the datastore's latency model (its `latency:` legs or preset; replicas outside the first placed region use the preset's remote model), with the time at which it reaches 99% and 99.9%. Stores that read from a leader are not partial quorums: their figures are what follower reads (R = 1) would give.",
  options: OPTIONS,
  async run(argv: string[], io: Io): Promise<number> {
    const { options, positionals } = parseArgs(argv, OPTIONS);
    const file = await loadDesign(io, positionals, 'staleness');
    const { design, analyses } = file.analysis;
    const system = systemFromDesign(design, analyses);
    const wanted = options.datastore as string | undefined;
    const trials = options.trials as number;
    if (trials < 1 || trials > 10_000_000) throw new UsageError(`--trials must be between 1 and 10000000 (got ${trials}).`);
    let chosen = design.datastores;
    if (wanted !== undefined) {
      chosen = design.datastores.filter((d) => d.name === wanted);
      if (chosen.length === 0) {
        const names = design.datastores.map((d) => d.name);
        const guess = didYouMean(wanted, names);
        throw new UsageError(`no datastore '${wanted}' in ${file.source.displayPath}.${guess ? ` Did you mean '${guess}'?` : ''} Datastores: ${names.join(', ') || 'none'}.`);
      }
    }
    const results = chosen.map((ds) => staleness(ds, analyses.get(ds.name)?.facts, system.stores.find((s) => s.name === ds.name), trials, options.seed as number));
    if (wanted !== undefined && !results[0].usable) throw new UsageError(`'${wanted}' has no usable replicas and quorums; run 'cap-lens check ${file.source.displayPath}'.`);
    const output = options.output as string | undefined;
    if (options.format === 'json') {
      emit(io, `${JSON.stringify({ path: file.source.displayPath, times: VISIBILITY_TIMES, trials, seed: options.seed, datastores: results.map(json) }, null, 2)}\n`, output);
    } else {
      emit(io, results.map(text).join('\n'), output);
    }
    return EXIT_OK;
  },
};

interface StalenessResult {
  name: string;
  usable: boolean;
  n?: number;
  r?: number;
  w?: number;
  /** The store answers reads with a partial quorum (leaderless, or follower reads). */
  partial?: boolean;
  latency?: string;
  k?: { k: number; stale: number }[];
  atCommit?: number;
  curve?: { t: number; probability: number }[];
  t99?: number;
  t999?: number;
}


function staleness(ds: Datastore, f: DatastoreFacts | undefined, store: SimStore | undefined, trials: number, seed: number): StalenessResult {
  if (!f) return { name: ds.name, usable: false };
  const { family, readFrom } = f.model;
  // The same read model as the hover; for leader reads, what reading one follower would give.
  const actual = readModel(family, readFrom, f.model.n, f.model.r, f.model.w);
  const partial = actual.partial;
  const m = partial ? actual : readModel(family, 'followers', f.model.n, 1, f.model.w);
  const { pool: n, r } = m;
  // PBS needs the write on at least one replica read from; an asynchronous follower gets it one hop later.
  const w = Math.max(1, m.w);
  const visibility = tVisibility({ n, r, w, legs: replicaLegs(n, store?.placement, store?.latency), trials, seed });
  const latency = ds.latency?.preset?.value ?? (ds.latency ? 'declared legs' : 'default model');
  return {
    name: ds.name,
    usable: true,
    n,
    r,
    w,
    partial,
    latency,
    k: K_VALUES.map((k) => ({ k, stale: staleReadProbability({ ...m, partial: true }) ** k })),
    atCommit: visibility.atCommit,
    curve: VISIBILITY_TIMES.map((t) => ({ t, probability: visibility.probabilityAt(t) })),
    t99: visibility.t99,
    t999: visibility.t999,
  };
}

function json(s: StalenessResult): object {
  if (!s.usable) return { name: s.name, usable: false };
  const finite = (x: number | undefined) => (x !== undefined && Number.isFinite(x) ? x : null);
  return { name: s.name, usable: true, n: s.n, r: s.r, w: s.w, partialQuorum: s.partial, latency: s.latency, kStaleness: s.k, atCommit: s.atCommit, tVisibility: s.curve, t99: finite(s.t99), t999: finite(s.t999) };
}

const prob = (p: number) => (p === 0 ? '0' : p === 1 ? '1' : p < 1e-4 ? p.toExponential(2) : p.toFixed(4));
const msText = (t: number | undefined) => (t === undefined || !Number.isFinite(t) ? 'never within the model' : `${t < 10 ? t.toFixed(2) : t.toFixed(1)} ms`);

function text(s: StalenessResult): string {
  if (!s.usable) return `Datastore ${s.name}: no usable replicas and quorums, nothing to compute (see 'cap-lens check').\n`;
  const out = [`Datastore ${s.name}  N=${s.n} R=${s.r} W=${s.w} · latency: ${s.latency}`];
  if (!s.partial) out.push(`  Reads go to the leader, which holds every committed write: these figures are what follower reads (R = 1) would give.`);
  out.push('', '  k-staleness (closed form)');
  out.push(textTable(['k', 'P(older than k versions)', 'P(within k versions)'], s.k!.map((x) => [String(x.k), prob(x.stale), prob(1 - x.stale)]), '  ').trimEnd());
  out.push('', '  t-visibility (Monte Carlo)');
  out.push(textTable(['t after commit', 'P(read sees the write)'], s.curve!.map((p) => [`${p.t} ms`, percentText(p.probability)]), '  ').trimEnd());
  out.push('', `  Reaches 99% at ${msText(s.t99)}, 99.9% at ${msText(s.t999)}.`);
  return `${out.join('\n')}\n`;
}
