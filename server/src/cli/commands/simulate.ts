// `cap-lens simulate <file> --scenario NAME [--seed S]`: runs one of the design's scenarios in the seeded
// simulator and prints its figures and the verdict of each expectation. Exit 1 when an expectation fails.

import { didYouMean } from '../../core/text/suggest';
import { duration, milliseconds, percent, plural } from '../../core/text/format';
import {
  conflictGroups,
  describeConvergence,
  describeLeadership,
  runDesignScenario,
  scenarioContextOf,
  systemFromDesign,
  validateScenarios,
  type DesignScenarioRun,
  type ExpectationResult,
  type NeedVerdict,
  type Scenario,
} from '../../core/simulation';
import { terminalText } from '../../core/text/escape-terminal';
import { judgeScenarioCost, ScenarioStopped } from '../../core/simulation/budget';
import { analyzeSource, readInputs, RuleSettings, type AnalyzedDesign, type AnalyzedFile } from '../analysis';
import { COLOR_OPTION, type OptionSpec, OUTPUT_OPTION, parseArgs } from '../args';
import type { Command } from '../command';
import { colors, emit, EXIT_FINDINGS, EXIT_OK, IoError, UsageError, useColor, type Colors, type Io } from '../io';
import { textTable } from '../tables';

/** `--design N` picks one design of a Markdown doc that holds several. */
export const DESIGN_OPTION: OptionSpec = {
  name: 'design',
  type: 'integer',
  valueName: 'N',
  description: 'In a Markdown doc holding several designs, the N-th (1-based, in document order)',
};

const OPTIONS: OptionSpec[] = [
  {
    name: 'scenario',
    short: 's',
    type: 'string',
    valueName: 'NAME',
    description: 'The scenario to run (may be left out when the design has only one)',
  },
  { name: 'seed', type: 'integer', valueName: 'S', description: "Seed for this run, instead of the scenario's own (default 1)" },
  { name: 'format', short: 'f', type: 'string', values: ['text', 'json'], default: 'text', description: 'Output format' },
  OUTPUT_OPTION,
  COLOR_OPTION,
  DESIGN_OPTION,
];

export const simulateCommand: Command = {
  name: 'simulate',
  usage: 'cap-lens simulate <file> [--scenario NAME] [--seed S] [--format text|json]',
  summary: "Run one of the design's scenarios in the simulator and print its figures",
  description:
    "Runs a scenario from the design's `scenarios:` section (partitions, crashes, a workload) in the deterministic simulator: the same seed always gives the same run. Prints operations, availability, stale reads, lost writes and latency, overall and per datastore, and the verdict of each expectation.\n\nExit status: 0 every expectation passed (or none were given), 1 an expectation failed, 2 usage error, unreadable file, or a design or scenario too broken to run.",
  options: OPTIONS,
  async run(argv: string[], io: Io): Promise<number> {
    const { options, positionals } = parseArgs(argv, OPTIONS);
    const { file, design } = await loadDesign(io, positionals, 'simulate', options.design as number | undefined);
    const system = systemFromDesign(design.analysis.design, design.analysis.analyses);
    const { scenarios, errors } = validateScenarios(design.analysis.design.scenarios?.value, scenarioContextOf(system));
    const scenario = pickScenario(scenarios, options.scenario as string | undefined, file);
    const own = errors.filter((e) => e.path[0] === scenario.path[0]);
    if (own.length)
      throw new IoError(
        `scenario '${scenario.name}' in ${file.source.displayPath} cannot run:\n${own.map((e) => `  scenarios.${e.path.join('.')}: ${e.message}`).join('\n')}`,
      );
    const seed = options.seed as number | undefined;
    const run = seed === undefined ? scenario : { ...scenario, seed };
    // The same bounds as the editor's: a scenario too large to simulate is refused before it allocates anything.
    const cost = judgeScenarioCost(run, system);
    if (!cost.ok) throw new IoError(`${file.source.displayPath}: ${cost.message}`);
    let ran: ReturnType<typeof runDesignScenario>;
    try {
      ran = runDesignScenario(system, run, {});
    } catch (e) {
      if (e instanceof ScenarioStopped)
        throw new IoError(
          `${file.source.displayPath}: scenario '${scenario.name}' took more than the simulation budget of events, so it was stopped.`,
        );
      throw e;
    }
    const { result, expectations, needs } = ran;
    const failed = expectations.some((e) => e.status === 'fail');
    const output = options.output as string | undefined;
    if (options.format === 'json') {
      const conflicts = result.report.stores.flatMap((s) => conflictGroups(result, s.store));
      emit(
        io,
        `${JSON.stringify({ path: file.source.displayPath, scenario: scenario.name, seed: result.report.seed, duration: scenario.duration, report: result.report, needs, conflicts, expectations: expectations.map(expectationJson) }, null, 2)}\n`,
        output,
        [file.source.path],
      );
    } else {
      const c = colors(output ? false : useColor(io, options.color as boolean | undefined));
      emit(io, simulationText(file, scenario, ran, c), output, [file.source.path]);
    }
    return failed ? EXIT_FINDINGS : EXIT_OK;
  },
};

/** Reads and analyses exactly one design, refusing one whose YAML is broken (nothing sensible to run). */
export async function loadDesign(
  io: Io,
  positionals: string[],
  command: string,
  designNumber?: number,
): Promise<{ file: AnalyzedFile; design: AnalyzedDesign }> {
  if (positionals.length !== 1)
    throw new UsageError(
      positionals.length ? `${command} takes one design file (got ${positionals.length}).` : `${command} needs a design file.`,
    );
  const sources = await readInputs(io, positionals);
  if (sources.length !== 1)
    throw new UsageError(`${command} takes one design file, but '${positionals[0]}' names ${sources.length}.`);
  const file = analyzeSource(sources[0], new RuleSettings(io, {}), io.cwd);
  const count = file.designs.length;
  if (designNumber !== undefined && (designNumber < 1 || designNumber > count))
    throw new UsageError(
      `--design ${designNumber}: ${file.source.displayPath} holds ${count === 1 ? 'one design' : `${count} designs`}.`,
    );
  if (designNumber === undefined && count > 1) {
    const lines = file.designs.map(
      (d, i) =>
        `${i + 1} (line ${file.source.position(d.markdown!.fences[0].open.start).line}${d.analysis.design.system ? `, ${d.analysis.design.system.value}` : ''})`,
    );
    throw new UsageError(`${file.source.displayPath} holds ${count} designs; choose one with --design: ${lines.join(', ')}.`);
  }
  const design = file.designs[(designNumber ?? 1) - 1];
  if (design.analysis.syntaxBroken)
    throw new IoError(
      `${file.source.displayPath} is not valid YAML; run 'cap-lens check ${file.source.displayPath}' to see where.`,
    );
  return { file, design };
}

function pickScenario(scenarios: Scenario[], name: string | undefined, file: AnalyzedFile): Scenario {
  const names = scenarios.map((s) => s.name);
  if (scenarios.length === 0) throw new UsageError(`${file.source.displayPath} declares no scenarios (see docs/scenarios.md).`);
  if (name === undefined) {
    if (scenarios.length === 1) return scenarios[0];
    throw new UsageError(
      `${file.source.displayPath} has ${scenarios.length} scenarios; choose one with --scenario: ${names.join(', ')}.`,
    );
  }
  const found = scenarios.find((s) => s.name === name);
  if (found) return found;
  const guess = didYouMean(name, names);
  throw new UsageError(
    `no scenario '${name}' in ${file.source.displayPath}.${guess ? ` Did you mean '${guess}'?` : ''} Scenarios: ${names.join(', ')}.`,
  );
}

function needText(v: NeedVerdict, c: Colors): string {
  const what = `${v.needs}: `;
  return v.status === 'met'
    ? what + c.green('met')
    : v.status === 'unmet'
      ? what + c.red('not met')
      : what + c.yellow('not judged');
}

function expectationJson(e: ExpectationResult): object {
  return { path: e.path, status: e.status, message: e.message, figure: e.figure ?? null };
}

function simulationText(file: AnalyzedFile, scenario: Scenario, ran: DesignScenarioRun, c: Colors): string {
  const { result, expectations, needs } = ran;
  const report = result.report;
  const out: string[] = [];
  // Names, values and messages come from the design: their control characters are shown, never obeyed.
  const tt = (x: string) => terminalText(x);
  out.push(
    c.bold(`Scenario ${tt(scenario.name)}`) +
      c.dim(`  (${tt(file.source.displayPath)}, seed ${report.seed}, ${duration(scenario.duration)} of requests)`),
    '',
  );
  const o = report.operations;
  out.push(`Operations      ${o.total} (${o.ok} ok, ${o.fail} failed, ${o.info} unknown)`);
  out.push(`Availability    ${percent(report.availability, 2)}`);
  out.push(`Stale reads     ${report.staleReads} (${percent(report.staleReadRate, 2)} of successful reads)`);
  out.push(`Lost writes     ${report.lostWrites}`);
  out.push(`Latency         p50 ${milliseconds(report.latency.p50)}, p99 ${milliseconds(report.latency.p99)}`);
  out.push(
    `Messages        ${report.messages.sent} sent, ${report.messages.delivered} delivered, ${report.messages.dropped} dropped`,
    '',
  );
  const rows = report.stores.map((s) => [
    tt(s.store),
    s.family,
    `${s.reads.ok}/${s.reads.total}`,
    `${s.writes.ok}/${s.writes.total}`,
    percent(s.availability, 2),
    `${s.staleReads} (${percent(s.staleReadRate, 2)})`,
    String(s.lostWrites),
    milliseconds(s.latency.reads.p99),
    milliseconds(s.latency.writes.p99),
  ]);
  out.push(
    textTable(
      ['Datastore', 'Replication', 'Reads ok', 'Writes ok', 'Available', 'Stale reads', 'Lost writes', 'Read p99', 'Write p99'],
      rows,
    ).trimEnd(),
  );
  const minority = report.stores.filter((s) => s.bySide.minority.reads.total + s.bySide.minority.writes.total > 0);
  if (minority.length) {
    out.push('', 'During partitions, by side:');
    const sideRows = report.stores.flatMap((s) =>
      (['majority', 'minority'] as const)
        .filter((side) => s.bySide[side].reads.total + s.bySide[side].writes.total > 0)
        .map((side) => [
          tt(s.store),
          side,
          `${s.bySide[side].reads.ok}/${s.bySide[side].reads.total}`,
          `${s.bySide[side].writes.ok}/${s.bySide[side].writes.total}`,
        ]),
    );
    out.push(textTable(['Datastore', 'Side', 'Reads ok', 'Writes ok'], sideRows, '  ').trimEnd());
  }
  if (report.components.length) {
    out.push('', 'By component (its own requests):');
    const verdict = (component: string, store: string) => needs.find((n) => n.component === component && n.datastore === store);
    const rows = report.components.flatMap((comp) =>
      comp.stores.map((f) => {
        const v = verdict(comp.component, f.store);
        const unknown = f.writes.info > 0 ? `, ${f.writes.info} unknown` : '';
        return [
          tt(comp.component),
          tt(comp.regions.join(', ')),
          tt(f.store),
          `${f.reads.ok}/${f.reads.total}`,
          `${f.writes.ok}/${f.writes.total}${unknown}`,
          percent(f.availability, 2),
          String(f.staleReads),
          v ? needText(v, c) : '—',
        ];
      }),
    );
    out.push(
      textTable(
        ['Component', 'Regions', 'Datastore', 'Reads ok', 'Writes ok', 'Available', 'Stale reads', 'Needs'],
        rows,
        '  ',
      ).trimEnd(),
    );
    const unmet = needs.filter((n) => n.status !== 'met');
    for (const n of unmet) out.push(tt(`  ${n.component} needs ${n.needs} from ${n.datastore}: ${n.reason}`));
  }
  const stories: string[] = [];
  for (const s of report.stores) {
    const lead = describeLeadership(s);
    if (lead && (s.leadership!.elections > 0 || s.leadership!.withoutLeader > 0)) stories.push(`  ${s.store}: ${lead}`);
    const conv = describeConvergence(s, report.endTime);
    const diverged = s.convergence?.some((e) => e.converged === undefined || e.converged > e.healed);
    if (conv && diverged && s.operations.total > 0) stories.push(`  ${s.store}: ${conv}`);
    for (const g of conflictGroups(result, s.store, 5)) {
      const versions = g.versions
        .map(
          (v) =>
            `${v.value ?? 'nil'} (op ${v.id}, ${v.client ?? '?'}, ${v.outcome === 'ok' ? 'acknowledged' : v.outcome === 'info' ? 'unknown' : 'failed'} at ${milliseconds(v.complete)})`,
        )
        .join(' vs ');
      stories.push(`  ${s.store}, key ${g.key}: ${versions} → ${g.outcome}`);
    }
    const lostShown = s.lost.slice(0, 3);
    for (const l of lostShown) {
      const op = result.history.find((o) => o.id === l.id);
      if (op)
        stories.push(
          `  ${s.store}: lost write op ${op.id} (${op.f} ${Array.isArray(op.value) ? JSON.stringify(op.value) : op.value} by ${op.client}) — ${l.cause === 'rolled-back' ? 'rolled back by a failover' : `overwritten by a concurrent version${l.by !== undefined ? ` (op ${l.by})` : ''}`}`,
        );
    }
    if (s.lost.length > lostShown.length)
      stories.push(`  ${s.store}: … and ${s.lost.length - lostShown.length} more lost writes`);
  }
  if (stories.length) out.push('', 'What happened:', ...stories.map(tt));
  if (expectations.length) {
    out.push('', 'Expectations:');
    for (const e of expectations) {
      const mark = e.status === 'pass' ? c.green('✓ pass') : e.status === 'fail' ? c.red('✗ fail') : c.yellow('? inconclusive');
      out.push(`  ${mark}  ${tt(e.message)}`);
    }
    const failed = expectations.filter((e) => e.status === 'fail').length;
    out.push(
      '',
      failed
        ? c.red(c.bold(`✖ ${failed} of ${expectations.length} expectations failed`))
        : c.green(`✔ ${plural(expectations.length, 'expectation')} passed`),
    );
  }
  return `${out.join('\n')}\n`;
}
