// The one path from files on disk to rated findings that every CLI command takes: inputs expanded, the
// rule settings resolved (.caplens.yaml nearest the file, or --config, then --rule on top), and the same
// `analyzeFull` + `rateFindings` the language server runs (for a Markdown design doc, on each of its designs,
// with findings placed on its fences). No command analyses a design any other way.

import { resolve } from 'node:path';
import { analyzeFull, rateFindings, type AnalysisResult } from '../core/analysis/analyze';
import { MAX_DOCUMENT_BYTES } from '../core/analysis/limits';
import { parseRuleOverride } from '../core/analysis/config';
import { analyzeMarkdown, isMarkdownFileName } from '../core/markdown/analyze';
import { findDesignFences } from '../core/markdown/fences';
import type { MarkdownDesign } from '../core/markdown/designs';
import type { RatedFinding } from '../core/rules/findings';
import { terminalText } from '../core/text/escape-terminal';
import { withVerifiedFixes } from '../core/analysis/verify-fixes';
import type { RuleSeverityOverrides } from '../core/rules/registry';
import { ConfigResolver, type LoadedConfig } from '../node/config-file';
import { expandInputs } from '../node/design-files';
import { FileRefused } from '../node/read-file';
import type { OptionSpec, ParsedArgs } from './args';
import { describeIoError, IoError, UsageError, type Io } from './io';
import { displayPathOf, SourceFile } from './source';

export const RULE_OPTIONS: OptionSpec[] = [
  {
    name: 'rule',
    type: 'list',
    valueName: 'NAME=SEVERITY',
    description: "Set a rule's severity (error, warning, info or off); repeatable, overrides config files",
  },
  {
    name: 'config',
    short: 'c',
    type: 'string',
    valueName: 'FILE',
    description: 'Use this config file for every design instead of the nearest .caplens.yaml',
  },
  { name: 'no-config', type: 'boolean', description: 'Ignore .caplens.yaml files: default severities plus --rule' },
];

/** One design of a file: a *.cap.yaml is one; a Markdown doc holds one per group of design fences. */
export interface AnalyzedDesign {
  analysis: AnalysisResult;
  /** After the rule settings: `off` rules removed, severities applied (placed on the fences, for Markdown). */
  findings: RatedFinding[];
  /** The design's fences, in a Markdown doc. */
  markdown?: MarkdownDesign;
}

export interface AnalyzedFile {
  source: SourceFile;
  /** In document order; none for a Markdown file without a design fence. */
  designs: AnalyzedDesign[];
  /** Every design's findings, in document order. */
  findings: RatedFinding[];
  /** The file is Markdown (its designs are in fences). */
  markdown: boolean;
  /** The config file whose settings applied, if any. */
  config?: LoadedConfig;
}

/** A config file with mistakes: exit 2, listing each with its position. */
export class ConfigError extends UsageError {}

/** Resolves the rule settings for each design file from config files and --rule flags. */
export class RuleSettings {
  private readonly resolver: ConfigResolver;
  private readonly cli: RuleSeverityOverrides = {};
  private readonly explicit?: LoadedConfig;
  private readonly lookup: boolean;
  private readonly checked = new Set<string>();

  constructor(io: Io, options: ParsedArgs['options']) {
    // Lookups stop at the working directory (or the repository root) holding each design.
    this.resolver = new ConfigResolver(io.cwd);
    const problems: string[] = [];
    for (const spec of (options.rule as string[] | undefined) ?? []) {
      const parsed = parseRuleOverride(spec);
      if ('message' in parsed) problems.push(`--rule ${spec}: ${parsed.message}`);
      else this.cli[parsed.rule] = parsed.severity;
    }
    if (problems.length) throw new UsageError(problems.join('\n'));
    this.lookup = !options['no-config'];
    const configPath = options.config as string | undefined;
    if (configPath !== undefined) {
      try {
        this.explicit = this.resolver.load(resolve(io.cwd, configPath));
      } catch (e) {
        throw new IoError(
          e instanceof FileRefused ? `config file '${configPath}' ${e.message}` : `config file ${describeIoError(configPath, e)}`,
        );
      }
      this.validate(this.explicit, io.cwd);
    }
  }

  forFile(path: string, cwd: string): { overrides: RuleSeverityOverrides; config?: LoadedConfig } {
    let config = this.explicit;
    if (!config && this.lookup) {
      try {
        config = this.resolver.forFile(path === '<stdin>' ? resolve(cwd, 'stdin') : path);
      } catch (e) {
        throw new IoError(`config file ${describeIoError(String((e as { path?: string }).path ?? '.caplens.yaml'), e)}`);
      }
      if (config) this.validate(config, cwd);
    }
    return { overrides: { ...config?.overrides, ...this.cli }, config };
  }

  private validate(config: LoadedConfig, cwd: string): void {
    if (this.checked.has(config.path)) return;
    this.checked.add(config.path);
    if (config.problems.length === 0) return;
    const source = new SourceFile(config.path, displayPathOf(config.path, cwd), config.text);
    const lines = config.problems.map((p) => {
      const at = source.position(p.span.start);
      return `${source.displayPath}:${at.line}:${at.column}: ${p.message}`;
    });
    throw new ConfigError(`invalid config file ${source.displayPath}:\n${lines.map((l) => `  ${l}`).join('\n')}`);
  }
}

/**
 * Reads the designs named on the command line ('-' is standard input). Every unreadable or unmatched
 * argument is reported at once, so a CI log shows all of them.
 */
export async function readInputs(io: Io, inputs: readonly string[], stdinName?: string): Promise<SourceFile[]> {
  const named = inputs.length ? inputs : ['.'];
  const sources: SourceFile[] = [];
  const stdinAt = named.indexOf('-');
  const { files, problems, skipped } = expandInputs(
    named.filter((i) => i !== '-'),
    io.cwd,
  );
  if (problems.length) throw new IoError(problems.map((p) => p.message).join('\n'));
  for (const s of skipped)
    io.stderr.write(`${terminalText(`cap-lens: skipped '${displayPathOf(s.path, io.cwd)}': ${s.message}`)}\n`);
  const errors: string[] = [];
  for (const file of files) {
    try {
      sources.push(SourceFile.readDesign(file, io.cwd));
    } catch (e) {
      errors.push((e as Error).message);
    }
  }
  if (stdinAt >= 0) {
    const path = stdinName ? resolve(io.cwd, stdinName) : '<stdin>';
    const text = await io.readStdin(MAX_DOCUMENT_BYTES);
    if (text.includes('\u0000'))
      throw new IoError('standard input is not a design: it holds binary data, so CAP Lens neither checks nor shows it');
    const stdinSource = SourceFile.fromText(path, stdinName ? displayPathOf(path, io.cwd) : '<stdin>', text);
    sources.splice(Math.min(stdinAt, sources.length), 0, stdinSource);
  }
  // Folders and globs list only Markdown that holds a design; a Markdown file named on its own must hold one too.
  for (const s of sources)
    if (isMarkdownSource(s) && findDesignFences(s.text).length === 0)
      errors.push(`'${s.displayPath}' holds no design: no \`\`\`cap-yaml fence (or yaml fence marked '# cap-lens')`);
  if (errors.length) throw new IoError(errors.join('\n'));
  return sources;
}

/** `settingsAt`: where the rule settings are looked up from (default: the file itself). */
export function analyzeSource(
  source: SourceFile,
  settings: RuleSettings,
  cwd: string,
  settingsAt: string = source.path,
): AnalyzedFile {
  const { overrides, config } = settings.forFile(settingsAt, cwd);
  if (isMarkdownSource(source)) {
    // A design's text keeps the Markdown's offsets (blank outside its fences), so its fixes are checked on it.
    const designs = analyzeMarkdown(source.text).map((d) => ({
      analysis: d.result,
      findings: withVerifiedFixes(d.design.text, rateFindings(d.findings, overrides)),
      markdown: d.design,
    }));
    const findings = designs.flatMap((d) => d.findings).sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
    return { source, designs, findings, markdown: true, config };
  }
  const analysis = analyzeFull(source.text);
  // Fixes leave the core here for JSON, SARIF and the text output: only those whose result is sound.
  const findings = withVerifiedFixes(source.text, rateFindings(analysis.findings, overrides));
  return { source, designs: [{ analysis, findings }], findings, markdown: false, config };
}

/** Markdown by its file name (for standard input: by --stdin-filename). */
export function isMarkdownSource(source: SourceFile): boolean {
  return isMarkdownFileName(source.path === '<stdin>' ? source.displayPath : source.path);
}

export interface Counts {
  errors: number;
  warnings: number;
  infos: number;
}

export function countFindings(findings: readonly RatedFinding[]): Counts {
  const counts = { errors: 0, warnings: 0, infos: 0 };
  for (const f of findings) {
    if (f.severity === 'error') counts.errors++;
    else if (f.severity === 'warning') counts.warnings++;
    else counts.infos++;
  }
  return counts;
}
