// `cap-lens explain <file>`: per datastore, every claim beside what the settings derive (consistency, CAP,
// PACELC, failures survived, staleness); per component, what it needs beside what it gets.

import { escapeMarkdown } from '../../core/text/escape-markdown';
import { analyzeSource, readInputs, RULE_OPTIONS, RuleSettings, type AnalyzedDesign, type AnalyzedFile } from '../analysis';
import { COLOR_OPTION, type OptionSpec, OUTPUT_OPTION, parseArgs } from '../args';
import type { Command } from '../command';
import { summarizeDesign, type DesignSummary } from '../../core/review/summary';
import { explainMarkdown, explainText } from '../explain-render';
import { colors, emit, EXIT_OK, UsageError, useColor, type Io } from '../io';

const OPTIONS: OptionSpec[] = [
  {
    name: 'format',
    short: 'f',
    type: 'string',
    values: ['text', 'md', 'json'],
    default: 'text',
    description: 'Output format (md: Markdown tables to paste into a design doc)',
  },
  ...RULE_OPTIONS,
  OUTPUT_OPTION,
  COLOR_OPTION,
];

export const explainCommand: Command = {
  name: 'explain',
  usage: 'cap-lens explain [options] <file>…',
  summary: 'Show claims beside derived facts for every datastore and component',
  description:
    'For each datastore: the consistency, CAP side, PACELC class, partition behaviour, failures survived and stale-read probability its settings give, beside what the design claims, with a ✗ and the rule name where a claim does not hold. For each component: the consistency it needs from each datastore beside what that datastore provides.',
  options: OPTIONS,
  async run(argv: string[], io: Io): Promise<number> {
    const { options, positionals } = parseArgs(argv, OPTIONS);
    if (positionals.length === 0) throw new UsageError('explain needs a design file.');
    const settings = new RuleSettings(io, options);
    const files = (await readInputs(io, positionals)).map((s) => analyzeSource(s, settings, io.cwd));
    // Each design of each file: one per *.cap.yaml, one per group of fences in a Markdown doc.
    const designs = files.flatMap((file) => file.designs.map((design) => ({ file, design })));
    const format = options.format as string;
    const output = options.output as string | undefined;
    let text: string;
    if (format === 'json') {
      text = `${JSON.stringify(
        designs.map(({ file, design }) => explainJson(file, design, summarizeDesign(design))),
        null,
        2,
      )}\n`;
    } else if (format === 'md') {
      text = designs
        .map(({ file, design }) => `# ${escapeMarkdown(titleOf(file, design))}\n\n${explainMarkdown(summarizeDesign(design))}`)
        .join('\n');
    } else {
      const c = colors(output ? false : useColor(io, options.color as boolean | undefined));
      text = designs.map(({ file, design }) => explainText(summarizeDesign(design), titleOf(file, design), c)).join('\n');
    }
    emit(
      io,
      text,
      output,
      files.map((f) => f.source.path),
    );
    return EXIT_OK;
  },
};

/** `checkout (designs/checkout.cap.yaml)`; for a design in Markdown, with the line its first fence opens on. */
export function titleOf(file: AnalyzedFile, design: AnalyzedDesign): string {
  const system = design.analysis.design.system?.value;
  const fence = design.markdown?.fences[0];
  const where = fence ? `${file.source.displayPath}:${file.source.position(fence.open.start).line}` : file.source.displayPath;
  return system ? `${system} (${where})` : where;
}

/** Facts without source spans: the JSON is about the design, not about where things are written. */
function explainJson(file: AnalyzedFile, design: AnalyzedDesign, summary: DesignSummary): object {
  const fence = design.markdown?.fences[0];
  return {
    path: file.source.displayPath,
    // For a design in a Markdown doc: the line of its first fence (1-based), else absent.
    ...(fence ? { line: file.source.position(fence.open.start).line } : {}),
    system: summary.system ?? null,
    syntaxBroken: design.analysis.syntaxBroken,
    datastores: summary.datastores.map((ds) => {
      const f = ds.analysis?.facts;
      const m = f?.model;
      return {
        name: ds.name,
        settings: m ? { family: m.family, n: m.n, r: m.r, w: m.w, readFrom: m.readFrom, conflicts: m.conflicts ?? null } : null,
        facts:
          f && m
            ? {
                consistency: m.consistency.provided,
                consistencyWhileHealthy: m.consistency.whileHealthy,
                consistencyWithinSession: m.consistency.session ?? null,
                consistencyReason: m.consistency.reason,
                cap: f.cap,
                pacelc: f.pacelc,
                readFailuresSurvived: f.readFailuresSurvived,
                writeFailuresSurvived: f.writeFailuresSurvived,
                writesNeed: m.write.needs,
                readsNeed: m.read.needs,
                writesOnBothSidesOfAPartition: f.writesOnBothSides,
                readsOnBothSidesOfAPartition: f.readsOnBothSides,
                staleReadsOnPartition: f.staleReadsOnPartition,
                acknowledgedWritesLost: m.writeLoss?.reason ?? null,
                staleReadRightAfterWrite: f.staleRead.summary,
                staleReadProbability: f.staleRead.probability ?? null,
                regionSplits: f.regionSplits,
                regionLosses: f.regionLosses,
              }
            : null,
        rows: ds.rows,
        other: ds.other.map((x) => ({ rule: x.rule, message: x.message })),
      };
    }),
    components: summary.components.map((c) => ({
      name: c.name,
      choice: c.choice ?? null,
      uses: c.rows,
      other: c.other.map((x) => ({ rule: x.rule, message: x.message })),
    })),
  };
}
