// `--format sarif`: SARIF 2.1.0 for GitHub code scanning and other SARIF viewers. Every rule is described
// (id, summary, help link, default level) so viewers can show rule help; results point at 1-based lines and
// UTF-16 columns, the same positions the editor shows. Nothing depends on the clock, so output is stable.

import { createHash } from 'node:crypto';
import { isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { RatedFinding, Severity } from '../../core/rules/findings';
import type { Span } from '../../core/model/design';
import { RULE_NAMES, RULES, ruleDocsUrl, type RuleName } from '../../core/rules/registry';
import type { AnalyzedFile } from '../analysis';
import type { SourceFile } from '../source';

const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
const INFORMATION_URI = 'https://github.com/cap-lens/cap-lens';

type Level = 'error' | 'warning' | 'note';

function level(severity: Severity): Level {
  return severity === 'info' ? 'note' : severity;
}

/** GitHub code scanning reads `problem.severity` for non-security rules. */
function problemSeverity(severity: Severity): string {
  return severity === 'info' ? 'recommendation' : severity;
}

function pascalCase(rule: string): string {
  return rule.replace(/(^|-)([a-z])/g, (_, __, ch: string) => ch.toUpperCase());
}

export function sarifRules(): object[] {
  return RULE_NAMES.map((rule) => {
    const { severity, summary } = RULES[rule];
    const url = ruleDocsUrl(rule);
    return {
      id: rule,
      name: pascalCase(rule),
      shortDescription: { text: summary },
      fullDescription: { text: summary },
      helpUri: url,
      help: { text: `${summary}\n\nDocumentation: ${url}`, markdown: `${summary}\n\n[Documentation for \`${rule}\`](${url})` },
      defaultConfiguration: { level: level(severity) },
      properties: {
        tags: ['cap-lens', 'distributed-systems', 'correctness'],
        precision: 'very-high',
        'problem.severity': problemSeverity(severity),
      },
    };
  });
}

function artifactUri(source: SourceFile): { uri: string; uriBaseId?: string } {
  const shown = source.displayPath;
  if (shown === '<stdin>') return { uri: 'stdin' };
  if (isAbsolute(shown) || shown.startsWith('../')) return { uri: pathToFileURL(source.path).href };
  return { uri: shown.split('/').map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' };
}

export function formatSarif(files: readonly AnalyzedFile[], version: string): string {
  const ruleIndex = new Map<RuleName, number>(RULE_NAMES.map((r, i) => [r, i]));
  const artifacts = files.map((file) => ({
    location: artifactUri(file.source),
    length: Buffer.byteLength(file.source.text, 'utf8'),
    sourceLanguage: 'yaml',
    roles: ['analysisTarget'],
  }));
  const results = files.flatMap((file, index) => {
    const location = artifactUri(file.source);
    const region = (span: Span, snippet: boolean) => {
      const r = file.source.range(span);
      const out: Record<string, unknown> = {
        startLine: r.start.line,
        startColumn: r.start.column,
        endLine: r.end.line,
        endColumn: r.end.column,
      };
      if (snippet) out.snippet = { text: file.source.line(r.start.line) };
      return out;
    };
    const physical = (span: Span, snippet = false) => ({
      artifactLocation: { ...location, index },
      region: region(span, snippet),
    });
    const seen = new Map<string, number>();
    return file.findings.map((f: RatedFinding) => {
      const result: Record<string, unknown> = {
        ruleId: f.rule,
        ruleIndex: ruleIndex.get(f.rule),
        level: level(f.severity),
        message: { text: f.message },
        locations: [{ physicalLocation: physical(f.span, true) }],
        partialFingerprints: { 'capLens/v1': fingerprint(file, f, seen) },
      };
      if (f.related.length) {
        result.relatedLocations = f.related.map((r, i) => ({
          id: i + 1,
          physicalLocation: physical(r.span),
          message: { text: r.message },
        }));
      }
      if (f.fixes.length) {
        result.fixes = f.fixes.map((fix) => ({
          description: { text: fix.title },
          artifactChanges: [
            {
              artifactLocation: { ...location, index },
              replacements: fix.edits.map((e) => ({
                deletedRegion: region(e.span, false),
                insertedContent: { text: e.newText },
              })),
            },
          ],
        }));
      }
      return result;
    });
  });
  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'CAP Lens',
            informationUri: INFORMATION_URI,
            version,
            semanticVersion: version,
            rules: sarifRules(),
          },
        },
        invocations: [{ executionSuccessful: true }],
        artifacts,
        results,
        columnKind: 'utf16CodeUnits',
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

/**
 * Identifies "the same problem" across commits: the rule, the trimmed source line and the message, so
 * moving a datastore up or down the file keeps its alerts; repeats on identical lines are numbered.
 */
function fingerprint(file: AnalyzedFile, f: RatedFinding, seen: Map<string, number>): string {
  const line = file.source.line(file.source.position(f.span.start).line).trim();
  const key = `${f.rule}\u0000${line}\u0000${f.message}`;
  const n = (seen.get(key) ?? 0) + 1;
  seen.set(key, n);
  return `${createHash('sha256').update(key).digest('hex').slice(0, 32)}:${n}`;
}
