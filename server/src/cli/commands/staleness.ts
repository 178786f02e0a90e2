// `cap-lens staleness <file> [--datastore NAME]`: Probabilistically Bounded Staleness for each datastore:
// the closed-form k-staleness table and the Monte Carlo t-visibility curve under the datastore's latency
// model, with readers and writers placed as PBS places them (or where --readers/--writers say), and as many
// trials as the 99.9% time needs to be stable, printed with its confidence interval.

import type { DatastoreFacts } from '../../core/derive/facts';
import type { Datastore } from '../../core/model/design';
import { didYouMean } from '../../core/text/suggest';
import { missProbability } from '../../core/semantics/quorum';
import { pbsInputs, type PbsInputs } from '../../core/derive/pbs-inputs';
import { systemFromDesign, tVisibility, type SimStore } from '../../core/simulation';
import { visibilityModel, visibilityOptions, type VisibilityModel } from '../../core/simulation/staleness-sites';
import { type OptionSpec, OUTPUT_OPTION, parseArgs } from '../args';
import type { Command } from '../command';
import { emit, EXIT_OK, UsageError, type Io } from '../io';
import { textTable } from '../tables';
import { DESIGN_OPTION, loadDesign } from './simulate';
import { terminalText } from '../../core/text/escape-terminal';
import { milliseconds, percent } from '../../core/text/format';

export const VISIBILITY_TIMES = [0, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000];
const K_VALUES = [1, 2, 3, 4, 5];
/** What the editor's staleness tab runs (a fixed count, to stay quick while typing): `--trials 20000` reproduces it. */
const TAB_TRIALS = 20_000;

const OPTIONS: OptionSpec[] = [
  {
    name: 'datastore',
    short: 'd',
    type: 'string',
    valueName: 'NAME',
    description: 'Only this datastore (default: every datastore with usable settings)',
  },
  { name: 'format', short: 'f', type: 'string', values: ['text', 'json'], default: 'text', description: 'Output format' },
  {
    name: 'trials',
    type: 'string',
    valueName: 'N|auto',
    default: 'auto',
    description: `Monte Carlo trials for t-visibility; auto: until the 99.9% time's 95% confidence interval is within ±5% (the editor's tab runs ${TAB_TRIALS})`,
  },
  {
    name: 'readers',
    type: 'list',
    valueName: 'REGIONS',
    description: "Regions the reading clients are in (default: each region holding a replica, alike, as PBS's WAN model)",
  },
  {
    name: 'writers',
    type: 'list',
    valueName: 'REGIONS',
    description: 'Regions the writing clients are in (default: each region holding a replica, alike)',
  },
  { name: 'seed', type: 'integer', valueName: 'S', default: 1, description: 'Seed of the Monte Carlo run' },
  OUTPUT_OPTION,
  DESIGN_OPTION,
];

export const stalenessCommand: Command = {
  name: 'staleness',
  usage: 'cap-lens staleness <file> [--datastore NAME] [--format text|json]',
  summary: 'Print k-staleness and t-visibility (PBS) for each datastore',
  description:
    "Probabilistically Bounded Staleness (Bailis et al., VLDB 2012). k-staleness: the chance a read returns a value more than k versions old, C(N−W, R)/C(N, R) to the power k. t-visibility: the chance a read issued t ms after a write commits returns it, by Monte Carlo over the datastore's latency model (its `latency:` legs or preset), with the times at which it reaches 99% and 99.9% and the 95% confidence interval of the latter. With a model that tells regions apart (wan), reads and writes each start in a random region holding a replica, as in the paper's WAN model, unless --readers and --writers say where the clients are. The figures follow the store's own read model, as the hover does: stores that read from a leader are fresh, and their figures are what reading one follower would give; stores whose reads PBS's uniform pick does not describe (per-datacenter quorums, sessions, indexes updated asynchronously) get the reason and no chart.",
  options: OPTIONS,
  async run(argv: string[], io: Io): Promise<number> {
    const { options, positionals } = parseArgs(argv, OPTIONS);
    const { file, design: loaded } = await loadDesign(io, positionals, 'staleness', options.design as number | undefined);
    const { design, analyses } = loaded.analysis;
    const system = systemFromDesign(design, analyses);
    const wanted = options.datastore as string | undefined;
    const trialsText = options.trials as string;
    const trials: number | 'auto' = trialsText === 'auto' ? 'auto' : /^\d+$/.test(trialsText) ? Number(trialsText) : NaN;
    if (trials !== 'auto' && !(trials >= 1 && trials <= 10_000_000))
      throw new UsageError(`--trials must be 'auto' or a whole number between 1 and 10000000 (got '${trialsText}').`);
    const clients = { readers: options.readers as string[], writers: options.writers as string[] };
    const known = [
      ...design.regions.map((r) => r.name),
      ...design.datastores.flatMap((d) => d.placement?.regions.map((r) => r.name) ?? []),
    ];
    for (const [flag, names] of [
      ['--readers', clients.readers],
      ['--writers', clients.writers],
    ] as const)
      for (const name of names)
        if (!known.includes(name)) {
          const guess = didYouMean(name, known);
          throw new UsageError(
            `${flag}: no region '${name}' in ${file.source.displayPath}.${guess ? ` Did you mean '${guess}'?` : ''} Regions: ${[...new Set(known)].join(', ') || 'none'}.`,
          );
        }
    let chosen = design.datastores;
    if (wanted !== undefined) {
      chosen = design.datastores.filter((d) => d.name === wanted);
      if (chosen.length === 0) {
        const names = design.datastores.map((d) => d.name);
        const guess = didYouMean(wanted, names);
        throw new UsageError(
          `no datastore '${wanted}' in ${file.source.displayPath}.${guess ? ` Did you mean '${guess}'?` : ''} Datastores: ${names.join(', ') || 'none'}.`,
        );
      }
    }
    const results = chosen.map((ds) =>
      staleness(
        ds,
        analyses.get(ds.name)?.facts,
        system.stores.find((s) => s.name === ds.name),
        trials,
        options.seed as number,
        clients,
      ),
    );
    if (wanted !== undefined && !results[0].usable)
      throw new UsageError(`'${wanted}' has no usable replicas and quorums; run 'cap-lens check ${file.source.displayPath}'.`);
    const output = options.output as string | undefined;
    if (options.format === 'json') {
      emit(
        io,
        `${JSON.stringify({ path: file.source.displayPath, times: VISIBILITY_TIMES, trials, seed: options.seed, datastores: results.map(json) }, null, 2)}\n`,
        output,
        [file.source.path],
      );
    } else {
      // Plain text with datastore names from the design: control characters shown, never obeyed.
      emit(io, terminalText(results.map(text).join('\n'), true), output, [file.source.path]);
    }
    return EXIT_OK;
  },
};

interface StalenessResult {
  name: string;
  usable: boolean;
  /** The store's N, R and W. */
  store?: { n: number; r: number; w: number };
  /** What PBS charts: the store's own reads, a follower what-if, or nothing (with the reason). */
  pbs?: PbsInputs;
  /** The analysis's sentence about a read right after a write, as the hover prints it. */
  summary?: string;
  latency?: string;
  k?: { k: number; stale: number }[];
  atCommit?: number;
  curve?: { t: number; probability: number }[];
  t99?: number;
  t999?: number;
  t99Interval?: [number, number];
  t999Interval?: [number, number];
  trials?: number;
  /** Where replicas, readers and writers were taken to be (multi-region models only). */
  model?: VisibilityModel;
}

function staleness(
  ds: Datastore,
  f: DatastoreFacts | undefined,
  store: SimStore | undefined,
  trials: number | 'auto',
  seed: number,
  clients: { readers: string[]; writers: string[] },
): StalenessResult {
  if (!f) return { name: ds.name, usable: false };
  // The one staleness model of the analysis decides what PBS may chart (see derive/pbs-inputs.ts).
  const pbs = pbsInputs(f);
  const base = {
    name: ds.name,
    usable: true,
    store: { n: f.model.n, r: f.model.r, w: f.model.w },
    pbs,
    summary: f.staleRead.summary,
  };
  if (pbs.kind === 'none') return base;
  const { pool: n, r, w } = pbs;
  const model = visibilityModel(n, store?.placement, store?.latency, clients);
  const visibility = tVisibility({ n, r, w, ...visibilityOptions(model), trials, seed });
  const latency = ds.latency?.preset?.value ?? (ds.latency ? 'declared legs' : 'default model');
  return {
    ...base,
    latency,
    k: K_VALUES.map((k) => ({ k, stale: missProbability(n, r, w) ** k })),
    atCommit: visibility.atCommit,
    curve: VISIBILITY_TIMES.map((t) => ({ t, probability: visibility.probabilityAt(t) })),
    t99: visibility.t99,
    t999: visibility.t999,
    t99Interval: visibility.t99Interval,
    t999Interval: visibility.t999Interval,
    trials: visibility.trials,
    model,
  };
}

function json(s: StalenessResult): object {
  if (!s.usable) return { name: s.name, usable: false };
  const finite = (x: number | undefined) => (x !== undefined && Number.isFinite(x) ? x : null);
  const sites =
    s.model?.kind === 'sites'
      ? {
          regions: s.model.siteNames,
          replicas: s.model.sites.replicaSite.map((i) => (s.model!.kind === 'sites' ? s.model!.siteNames[i] : '')),
          readers: s.model.readers,
          writers: s.model.writers,
        }
      : null;
  return {
    name: s.name,
    usable: true,
    n: s.store!.n,
    r: s.store!.r,
    w: s.store!.w,
    readRightAfterWrite: s.summary,
    pbs:
      s.pbs!.kind === 'none'
        ? { kind: 'none', reason: s.pbs!.reason }
        : { kind: s.pbs!.kind, pool: s.pbs!.pool, r: s.pbs!.r, w: s.pbs!.w },
    latency: s.latency ?? null,
    sites,
    kStaleness: s.k ?? null,
    atCommit: s.atCommit ?? null,
    tVisibility: s.curve ?? null,
    trials: s.trials ?? null,
    t99: finite(s.t99),
    t999: finite(s.t999),
    t99Interval: s.t99Interval ?? null,
    t999Interval: s.t999Interval ?? null,
  };
}

const prob = (p: number) => (p === 0 ? '0' : p === 1 ? '1' : p < 1e-4 ? p.toExponential(2) : p.toFixed(4));
const msText = (t: number | undefined) => (t === undefined || !Number.isFinite(t) ? 'never within the model' : milliseconds(t));

const thousands = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/** Where replicas, readers and writers are, in a sentence. */
function whereText(m: Extract<VisibilityModel, { kind: 'sites' }>): string {
  const counts = new Map<string, number>();
  for (const i of m.sites.replicaSite) counts.set(m.siteNames[i], (counts.get(m.siteNames[i]) ?? 0) + 1);
  const replicas = [...counts].map(([r, c]) => `${c} in ${r}`).join(', ');
  const side = (names: string[]) => (names.length === 1 ? `in ${names[0]}` : `in a random one of ${names.join(', ')}`);
  const same = m.readers.join() === m.writers.join();
  return `Replicas: ${replicas}. ${same ? `Reads and writes each start ${side(m.readers)}` : `Writes start ${side(m.writers)}, reads ${side(m.readers)}`} (messages to another region take the remote legs).`;
}

function text(s: StalenessResult): string {
  if (!s.usable) return `Datastore ${s.name}: no usable replicas and quorums, nothing to compute (see 'cap-lens check').\n`;
  const { n, r, w } = s.store!;
  const pbs = s.pbs!;
  const out = [`Datastore ${s.name}  N=${n} R=${r} W=${w}${s.latency ? ` · latency: ${s.latency}` : ''}`];
  if (pbs.kind === 'none') {
    out.push(
      `  A read right after a write: ${s.summary}.`,
      "  PBS's uniform pick of R of N replicas does not describe these reads, so there is no chart.",
    );
    return `${out.join('\n')}\n`;
  }
  if (pbs.kind === 'what-if')
    out.push(
      `  A read right after a write: ${s.summary}. The figures below are what reading one follower would give (${pbs.pool} ${pbs.pool === 1 ? 'follower' : 'followers'}, ${pbs.w} of them with the write at commit).`,
    );
  else if (pbs.pool !== n)
    out.push(`  Reads pick R = ${pbs.r} of the ${pbs.pool} followers, ${pbs.w} of which hold the write at commit.`);
  out.push('', '  k-staleness (closed form)');
  out.push(
    textTable(
      ['k', 'P(older than k versions)', 'P(within k versions)'],
      s.k!.map((x) => [String(x.k), prob(x.stale), prob(1 - x.stale)]),
      '  ',
    ).trimEnd(),
  );
  out.push('', '  t-visibility (Monte Carlo)');
  out.push(
    textTable(
      ['t after commit', 'P(read sees the write)'],
      s.curve!.map((p) => [`${p.t} ms`, percent(p.probability, 2)]),
      '  ',
    ).trimEnd(),
  );
  if (s.model?.kind === 'sites') out.push('', `  ${whereText(s.model)}`);
  const ci =
    s.t999Interval && s.t999Interval[1] > 0
      ? ` (95% CI ${msText(s.t999Interval[0]).replace(' ms', '')}–${msText(s.t999Interval[1])})`
      : '';
  out.push('', `  Reaches 99% at ${msText(s.t99)}, 99.9% at ${msText(s.t999)}${ci}; ${thousands(s.trials ?? 0)} trials.`);
  return `${out.join('\n')}\n`;
}
