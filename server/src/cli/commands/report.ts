// `cap-lens report <file> --format md|html`: a design-review report to attach to a design doc.

import { analyzeSource, readInputs, RULE_OPTIONS, RuleSettings } from '../analysis';
import { parseArgs, type OptionSpec } from '../args';
import type { Command } from '../command';
import { summarizeDesign } from '../../core/review/summary';
import { emit, EXIT_OK, UsageError, type Io } from '../io';
import { reportHtml } from '../report/html';
import { reportMarkdown } from '../report/markdown';
import { VERSION } from '../../version';
import { reviewedDocument } from '../../core/review/document';

const OPTIONS: OptionSpec[] = [
  {
    name: 'format',
    short: 'f',
    type: 'string',
    values: ['md', 'html'],
    default: 'md',
    description: 'Report format (html: one self-contained page with the topology drawn)',
  },
  {
    name: 'output',
    short: 'o',
    type: 'string',
    valueName: 'FILE',
    description: 'Write the report to FILE instead of standard output',
  },
  ...RULE_OPTIONS,
];

export const reportCommand: Command = {
  name: 'report',
  usage: 'cap-lens report [options] <file>',
  summary: 'Write a design-review report (Markdown or self-contained HTML)',
  description:
    "A report to attach to a design doc: the verdict, a summary table of every datastore and component, every finding with its explanation and possible fixes, and each datastore's claims beside its derived facts. The HTML form also draws the topology (regions, replicas, components) as inline SVG and loads nothing from the network.\n\nGiven a Markdown design doc, it writes the doc itself with each design fence followed by its review card, as the Markdown preview shows it: an HTML block (--format html, topology included) or a Markdown blockquote (--format md), for a docs site or a wiki to publish.\n\nFindings follow the same rule settings as 'check'; the exit status is 0 whatever they are.",
  options: OPTIONS,
  async run(argv: string[], io: Io): Promise<number> {
    const { options, positionals } = parseArgs(argv, OPTIONS);
    if (positionals.length !== 1)
      throw new UsageError(
        positionals.length ? `report takes one design file (got ${positionals.length}).` : 'report needs a design file.',
      );
    const settings = new RuleSettings(io, options);
    const sources = await readInputs(io, positionals);
    if (sources.length !== 1)
      throw new UsageError(`report takes one design file, but '${positionals[0]}' names ${sources.length}.`);
    const [source] = sources;
    const file = analyzeSource(source, settings, io.cwd);
    if (file.markdown) {
      const designs = file.designs.map((d) => ({ analysis: d.analysis, findings: d.findings, markdown: d.markdown! }));
      emit(
        io,
        reviewedDocument(source.text, designs, options.format === 'html' ? 'html' : 'md'),
        options.output as string | undefined,
      );
      return EXIT_OK;
    }
    const summary = summarizeDesign(file.designs[0]);
    const text = options.format === 'html' ? reportHtml(file, summary, VERSION) : reportMarkdown(file, summary, VERSION);
    emit(io, text, options.output as string | undefined, [source.path]);
    return EXIT_OK;
  },
};
