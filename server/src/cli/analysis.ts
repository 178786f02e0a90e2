// The one path from files on disk to rated findings that every CLI command takes: inputs expanded, the
// rule settings resolved (.caplens.yaml nearest the file, or --config, then --rule on top), and the same
// `analyzeFull` + `rateFindings` the language server runs. No command analyses a design any other way.

import { resolve } from 'node:path';
import { analyzeFull, rateFindings, type AnalysisResult } from '../core/analysis/analyze';
import { parseRuleOverride } from '../core/analysis/config';
import type { RatedFinding } from '../core/rules/findings';
import type { RuleSeverityOverrides } from '../core/rules/registry';
import { ConfigResolver, type LoadedConfig } from '../node/config-file';
import { expandInputs } from '../node/design-files';
import type { OptionSpec, ParsedArgs } from './args';
import { describeIoError, IoError, UsageError, type Io } from './io';
import { displayPathOf, SourceFile } from './source';

export const RULE_OPTIONS: OptionSpec[] = [
  { name: 'rule', type: 'list', valueName: 'NAME=SEVERITY', description: "Set a rule's severity (error, warning, info or off); repeatable, overrides config files" },
  { name: 'config', short: 'c', type: 'string', valueName: 'FILE', description: 'Use this config file for every design instead of the nearest .caplens.yaml' },
  { name: 'no-config', type: 'boolean', description: 'Ignore .caplens.yaml files: default severities plus --rule' },
];

export interface AnalyzedFile {
  source: SourceFile;
  analysis: AnalysisResult;
  /** After the rule settings: `off` rules removed, severities applied. */
  findings: RatedFinding[];
  /** The config file whose settings applied, if any. */
  config?: LoadedConfig;
}

/** A config file with mistakes: exit 2, listing each with its position. */
export class ConfigError extends UsageError {}

/** Resolves the rule settings for each design file from config files and --rule flags. */
export class RuleSettings {
  private readonly resolver = new ConfigResolver();
  private readonly cli: RuleSeverityOverrides = {};
  private readonly explicit?: LoadedConfig;
  private readonly lookup: boolean;
  private readonly checked = new Set<string>();

  constructor(io: Io, options: ParsedArgs['options']) {
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
        throw new IoError(`config file ${describeIoError(configPath, e)}`);
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
  const { files, problems } = expandInputs(named.filter((i) => i !== '-'), io.cwd);
  if (problems.length) throw new IoError(problems.map((p) => p.message).join('\n'));
  const errors: string[] = [];
  for (const file of files) {
    try {
      sources.push(SourceFile.read(file, io.cwd));
    } catch (e) {
      errors.push((e as Error).message);
    }
  }
  if (errors.length) throw new IoError(errors.join('\n'));
  if (stdinAt >= 0) {
    const path = stdinName ? resolve(io.cwd, stdinName) : '<stdin>';
    const stdinSource = SourceFile.fromText(path, stdinName ? displayPathOf(path, io.cwd) : '<stdin>', await io.readStdin());
    sources.splice(Math.min(stdinAt, sources.length), 0, stdinSource);
  }
  return sources;
}

export function analyzeSource(source: SourceFile, settings: RuleSettings, cwd: string): AnalyzedFile {
  const { overrides, config } = settings.forFile(source.path, cwd);
  const analysis = analyzeFull(source.text);
  return { source, analysis, findings: rateFindings(analysis.findings, overrides), config };
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
