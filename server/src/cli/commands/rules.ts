// `cap-lens rules`: every rule with its default severity, summary and documentation link, for writing a
// .caplens.yaml (or --rule flags) without opening the docs.

import { RULE_NAMES, RULES, ruleDocsUrl } from '../../core/rules/registry';
import { parseArgs, type OptionSpec } from '../args';
import type { Command } from '../command';
import { emit, EXIT_OK, type Io } from '../io';
import { markdownTable, textTable } from '../tables';

const OPTIONS: OptionSpec[] = [
  { name: 'format', short: 'f', type: 'string', values: ['text', 'md', 'json'], default: 'text', description: 'Output format' },
];

export const rulesCommand: Command = {
  name: 'rules',
  usage: 'cap-lens rules [--format text|md|json]',
  summary: 'List the rules with their default severity',
  description:
    'Lists every rule CAP Lens checks, its default severity and what it reports. Change severities in .caplens.yaml (rules: {name: error|warning|info|off}) or with --rule name=severity.',
  options: OPTIONS,
  async run(argv: string[], io: Io): Promise<number> {
    const { options, positionals } = parseArgs(argv, OPTIONS);
    if (positionals.length) io.stderr.write(`cap-lens: 'rules' takes no arguments; ignoring ${positionals.join(' ')}\n`);
    const rows = RULE_NAMES.map((r) => ({
      rule: r,
      severity: RULES[r].severity,
      summary: RULES[r].summary,
      docs: ruleDocsUrl(r),
    }));
    const format = options.format as string;
    const text =
      format === 'json'
        ? `${JSON.stringify(rows, null, 2)}\n`
        : format === 'md'
          ? markdownTable(
              ['Rule', 'Default', 'Reports'],
              rows.map((r) => [`[\`${r.rule}\`](${r.docs})`, r.severity, r.summary]),
            )
          : textTable(
              ['Rule', 'Default', 'Reports'],
              rows.map((r) => [r.rule, r.severity, r.summary]),
            );
    emit(io, text, undefined);
    return EXIT_OK;
  },
};
