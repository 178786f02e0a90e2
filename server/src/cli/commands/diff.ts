// `cap-lens diff <base> <head> [paths…]`: a design review as a diff. Every design file that differs between two
// git revisions (or two files): what changed in each datastore's and component's claims, settings and derived
// facts, and the findings added and fixed. Text, Markdown (a pull-request comment) or JSON; exit 1 when the
// change adds a finding at error level.

import { designVersions } from '../../core/review/design-versions';
import { addsFindingsAt, diffDesignLists, type FileDiff } from '../../core/review/diff';
import { diffMarkdown } from '../../core/review/diff-markdown';
import { RULE_OPTIONS, RuleSettings } from '../analysis';
import { COLOR_OPTION, type OptionSpec, OUTPUT_OPTION, parseArgs } from '../args';
import type { Command } from '../command';
import { diffJson } from '../diff/format-json';
import { diffText } from '../diff/format-text';
import { collectVersions } from '../diff/versions';
import { colors, emit, EXIT_FINDINGS, EXIT_OK, UsageError, useColor, type Io } from '../io';
import type { SourceFile } from '../source';
import { VERSION } from '../../version';

const OPTIONS: OptionSpec[] = [
  {
    name: 'format',
    short: 'f',
    type: 'string',
    values: ['text', 'md', 'json'],
    default: 'text',
    description: 'Output format (md: a pull-request comment, one collapsible section per file)',
  },
  {
    name: 'link-base',
    type: 'string',
    valueName: 'URL',
    description: 'With --format md: link lines to URL/<commit>/<path>#L<line> (e.g. https://github.com/OWNER/REPO/blob)',
  },
  ...RULE_OPTIONS,
  OUTPUT_OPTION,
  COLOR_OPTION,
];

export const diffCommand: Command = {
  name: 'diff',
  usage: 'cap-lens diff [options] <base> <head> [paths…]',
  summary: 'Compare two versions of the designs: what changed in claims, settings, facts and findings',
  description:
    "BASE and HEAD are git revisions (branches, tags, commits: 'main', 'HEAD~1', 'origin/main'), or two design files. In git mode every *.cap.yaml and every Markdown file with a design fence that differs between them is compared (renamed files are followed as git detects them), below the given paths if any. For each datastore and component: its claims and settings before and after, the facts the analysis derives from them (consistency, CAP, PACELC, failures survived, staleness…) with the settings that changed them, entries renamed with the same settings followed, and the findings added and fixed. Rule settings come from the .caplens.yaml files of the working tree, as for 'check'.\n\nExit status: 0 the change adds no finding at error level, 1 it adds at least one, 2 usage error, unknown revision or unreadable file.",
  options: OPTIONS,
  async run(argv: string[], io: Io): Promise<number> {
    const { options, positionals } = parseArgs(argv, OPTIONS);
    if (positionals.length < 2)
      throw new UsageError('diff needs two revisions (or two files): cap-lens diff <base> <head> [paths…]');
    const [base, head, ...paths] = positionals;
    const settings = new RuleSettings(io, options);
    const versions = collectVersions(io, base, head, paths);
    // Both versions are rated with the working tree's settings for the file's current place.
    const versionsOf = (source: SourceFile | undefined, at: SourceFile) =>
      source ? designVersions(source.path, source.text, settings.forFile(at.path, io.cwd).overrides) : [];
    const files: FileDiff[] = versions.files.map((f) => {
      const at = (f.head ?? f.base)!;
      return {
        path: f.path,
        ...(f.oldPath ? { oldPath: f.oldPath } : {}),
        status: f.status,
        designs: diffDesignLists(versionsOf(f.base, at), versionsOf(f.head, at)),
      };
    });
    const format = options.format as string;
    const output = options.output as string | undefined;
    const linkBase = (options['link-base'] as string | undefined)?.replace(/\/+$/, '');
    if (linkBase !== undefined && versions.mode !== 'git') throw new UsageError('--link-base needs two git revisions.');
    let text: string;
    if (format === 'json') {
      text = diffJson(files, { version: VERSION, base, head, baseCommit: versions.baseCommit, headCommit: versions.headCommit });
    } else if (format === 'md') {
      // Links go to the repository path at the commit of the version the line belongs to.
      const repoPath = new Map(
        versions.files.flatMap((f) => [
          [`head:${f.path}`, f.repoPath],
          [`base:${f.oldPath ?? f.path}`, f.oldRepoPath],
        ]),
      );
      const link = linkBase
        ? (path: string, line: number, version: 'base' | 'head') => {
            const at = repoPath.get(`${version}:${path}`);
            return at
              ? `${linkBase}/${version === 'base' ? versions.baseCommit : versions.headCommit}/${at.split('/').map(encodeURIComponent).join('/')}#L${line}`
              : undefined;
          }
        : undefined;
      text = diffMarkdown(files, { base, head, link });
    } else {
      text = diffText(files, { base, head }, colors(output ? false : useColor(io, options.color as boolean | undefined)));
    }
    emit(io, text, output);
    return addsFindingsAt(
      files.flatMap((f) => f.designs),
      'error',
    )
      ? EXIT_FINDINGS
      : EXIT_OK;
  },
};
