// The `.caplens.yaml` project configuration shared by the CLI and the language server: text in, rule
// severity overrides and located problems out. Pure, so both hosts report a bad config the same way.

import { isMap, isScalar, parseDocument, type Node, type Pair } from 'yaml';
import type { Span } from '../model/design';
import { findRepeatedKeys } from '../model/duplicate-keys';
import { RULE_NAMES, isRuleName, type RuleName, type RuleSeverityOverrides } from '../rules/registry';
import { suggestion } from '../text/suggest';
import type { Severity } from '../rules/findings';

export const CONFIG_FILE_NAME = '.caplens.yaml';
/**
 * A config lists at most one line per rule (under 2 KB for all of them); anything much larger is not a
 * config, and parsing it would hold up every design below it.
 */
export const MAX_CONFIG_BYTES = 64 * 1024;

export type SeveritySetting = Severity | 'off';
export const SEVERITY_SETTINGS: readonly SeveritySetting[] = ['error', 'warning', 'info', 'off'];

export interface ConfigProblem {
  span: Span;
  message: string;
}

export interface ParsedConfig {
  overrides: RuleSeverityOverrides;
  problems: ConfigProblem[];
}

const TOP_LEVEL_KEYS = ['rules'];
/** Stands for a list or map written where a severity belongs. */
const COLLECTION = Symbol('collection');

/** Parses a `.caplens.yaml`: `rules: {<rule>: error|warning|info|off}`. Valid entries apply even when others are wrong. */
export function parseConfig(text: string): ParsedConfig {
  const overrides: RuleSeverityOverrides = {};
  const problems: ConfigProblem[] = [];
  if (text.length > MAX_CONFIG_BYTES) {
    problems.push({
      span: { start: 0, end: 0 },
      message: `This file is ${Math.round(text.length / 1024)} KB; a CAP Lens config is at most ${MAX_CONFIG_BYTES / 1024} KB (it only sets rule severities), so it was not read.`,
    });
    return { overrides, problems };
  }
  // Repeated keys are found in one pass below: yaml's own check compares each key with every earlier one.
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: false });
  for (const r of findRepeatedKeys(doc))
    problems.push({ span: r.span, message: `'${r.name}' is already set above in this map; each key may appear once.` });
  for (const err of doc.errors)
    problems.push({
      span: { start: err.pos[0], end: Math.max(err.pos[0], err.pos[1]) },
      message: err.message.replace(/^[A-Z_]+: /, '').split('\n')[0],
    });
  if (problems.length) return { overrides, problems };
  const root = doc.contents as Node | null;
  if (root === null || (isScalar(root) && root.value === null)) return { overrides, problems };
  if (!isMap(root)) {
    problems.push({ span: spanOf(root), message: 'A CAP Lens config is a map with a `rules:` key.' });
    return { overrides, problems };
  }
  for (const pair of root.items as Pair<Node, Node | null>[]) {
    const key = String(isScalar(pair.key) ? pair.key.value : pair.key);
    if (key !== 'rules') {
      problems.push({
        span: spanOf(pair.key),
        message: `Unknown key '${key}'.${suggestion(key, TOP_LEVEL_KEYS)} A CAP Lens config has only 'rules:'.`,
      });
      continue;
    }
    const rules = pair.value;
    if (rules === null || (isScalar(rules) && rules.value === null)) continue;
    if (!isMap(rules)) {
      problems.push({ span: spanOf(rules), message: '`rules:` maps rule names to error, warning, info or off.' });
      continue;
    }
    for (const entry of rules.items as Pair<Node, Node | null>[]) {
      const name = String(isScalar(entry.key) ? entry.key.value : entry.key);
      const value = entry.value === null ? null : isScalar(entry.value) ? entry.value.value : COLLECTION;
      const rule = checkRuleName(name);
      if (typeof rule !== 'string') {
        problems.push({ span: spanOf(entry.key), message: rule.message });
        continue;
      }
      const severity = checkSeverity(value);
      if (typeof severity !== 'string') {
        problems.push({ span: spanOf(entry.value ?? entry.key), message: `'${rule}': ${severity.message}` });
        continue;
      }
      overrides[rule] = severity;
    }
  }
  return { overrides, problems };
}

/** Parses a command-line override `name=severity` (also `name:severity`). */
export function parseRuleOverride(spec: string): { rule: RuleName; severity: SeveritySetting } | { message: string } {
  const m = /^\s*([^=:\s]+)\s*[=:]\s*(\S+)\s*$/.exec(spec);
  if (!m) return { message: `'${spec}' is not a rule setting: write name=severity, e.g. even-replica-majority=off.` };
  const rule = checkRuleName(m[1]);
  if (typeof rule !== 'string') return rule;
  const severity = checkSeverity(m[2]);
  if (typeof severity !== 'string') return { message: `'${rule}': ${severity.message}` };
  return { rule, severity };
}

function checkRuleName(name: string): RuleName | { message: string } {
  if (isRuleName(name)) return name;
  return { message: `Unknown rule '${name}'.${suggestion(name, RULE_NAMES)}` };
}

function checkSeverity(value: unknown): SeveritySetting | { message: string } {
  // YAML 1.1 habits: `off: ` and `false` both mean the rule is off.
  if (value === false) return 'off';
  const text = typeof value === 'string' ? value.trim().toLowerCase() : undefined;
  if (text === 'warn') return 'warning';
  if (text === 'information' || text === 'hint') return 'info';
  if (text && (SEVERITY_SETTINGS as readonly string[]).includes(text)) return text as SeveritySetting;
  const shown = value === undefined || value === null ? 'nothing' : value === COLLECTION ? 'a list or map' : `'${String(value)}'`;
  return {
    message: `severity ${shown} is not one of error, warning, info, off.${text ? suggestion(text, SEVERITY_SETTINGS) : ''}`,
  };
}

function spanOf(node: Node | null | undefined): Span {
  const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
  return range ? { start: range[0], end: Math.max(range[0], range[1]) } : { start: 0, end: 0 };
}
