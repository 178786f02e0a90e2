// Machine-readable output of `cap-lens check`: JSON that is byte-stable and matches its snapshot, and SARIF
// that validates against the official SARIF 2.1.0 JSON schema (vendored, see fixtures/README.md).

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { RULE_NAMES, RULES } from '../../server/src/core/rules/registry';
import { assertValidSarif, CLEAN_DESIGN, cli, matchSnapshot, ROOT, SAMPLES, sarifValidator, tempTree } from './helpers';

const FIXTURE = 'test/cli/fixtures/shop.cap.yaml';

describe('check --format json', () => {
  it('matches its snapshot and prints the same bytes on every run', () => {
    const first = cli(['check', '--format', 'json', FIXTURE]);
    const second = cli(['check', '--format', 'json', FIXTURE]);
    assert.equal(first.code, 1);
    assert.equal(first.stdout, second.stdout);
    // The tool version is replaced so a release does not rewrite the snapshot.
    const version = JSON.parse(first.stdout).tool.version;
    matchSnapshot('shop.check.json', first.stdout.replace(`"version": "${version}"`, '"version": "<version>"'));
  });

  it('carries every field a script needs: 1-based ranges, offsets, docs, related, fixes, counts', () => {
    const report = JSON.parse(cli(['check', '--format', 'json', FIXTURE]).stdout);
    assert.equal(report.version, 1);
    assert.deepEqual(report.summary, { files: 1, errors: 1, warnings: 1, infos: 1 });
    const [file] = report.files;
    assert.equal(file.path, FIXTURE);
    const overlap = file.findings.find((f: { rule: string }) => f.rule === 'claim-needs-quorum-overlap');
    assert.deepEqual(overlap.range, { start: { line: 21, column: 20 }, end: { line: 21, column: 26 } });
    const text = readFileSync(join(ROOT, FIXTURE), 'utf8');
    assert.equal(text.slice(overlap.offset.start, overlap.offset.end), 'strong');
    assert.match(overlap.docs, /docs\/rules\/claim-needs-quorum-overlap\.md$/);
    assert.deepEqual(
      overlap.related.map((r: { message: string }) => r.message),
      ['claimed: strong consistency', 'R = 1', 'W = 1', 'N = 3'],
    );
    assert.equal(overlap.fixes[0].preferred, true);
    assert.equal(overlap.fixes[0].edits[0].newText, '3');
  });

  it('lists the same findings as the text format', () => {
    const text = cli(['check', '--format', 'text', '.'], { cwd: SAMPLES }).stdout;
    const report = JSON.parse(cli(['check', '--format', 'json', '.'], { cwd: SAMPLES }).stdout);
    const fromText = [...text.matchAll(/^ {2}(\d+):(\d+) {2}(error|warning|info) {2}.* {2}([a-z-]+)$/gm)].map(
      (m) => `${m[1]}:${m[2]} ${m[3]} ${m[4]}`,
    );
    const fromJson = report.files.flatMap(
      (f: { findings: { range: { start: { line: number; column: number } }; severity: string; rule: string }[] }) =>
        f.findings.map((x) => `${x.range.start.line}:${x.range.start.column} ${x.severity} ${x.rule}`),
    );
    assert.deepEqual(fromText, fromJson);
  });
});

describe('check --format text', () => {
  it('matches its snapshot', () => {
    matchSnapshot('shop.check.txt', cli(['check', FIXTURE]).stdout);
  });
});

describe('check --format sarif', () => {
  it('is valid SARIF 2.1.0 for every sample, for the fixture, and for a clean run', () => {
    assertValidSarif(cli(['check', '--format', 'sarif', '.'], { cwd: SAMPLES }).stdout);
    assertValidSarif(cli(['check', '--format', 'sarif', FIXTURE]).stdout);
    const clean = cli(['check', '--format', 'sarif', '.'], { cwd: tempTree({ 'a.cap.yaml': CLEAN_DESIGN }) });
    assert.equal(clean.code, 0);
    assertValidSarif(clean.stdout);
    assert.deepEqual(JSON.parse(clean.stdout).runs[0].results, []);
  });

  it('the validator rejects what the schema forbids (so a pass means something)', () => {
    const log = JSON.parse(cli(['check', '--format', 'sarif', FIXTURE]).stdout);
    log.runs[0].results[0].level = 'fatal';
    delete log.runs[0].tool.driver.name;
    assert.equal(sarifValidator()(log), false);
  });

  it('describes every rule with its summary, default level and help link', () => {
    const log = JSON.parse(cli(['check', '--format', 'sarif', FIXTURE]).stdout);
    const driver = log.runs[0].tool.driver;
    assert.equal(driver.name, 'CAP Lens');
    assert.deepEqual(
      driver.rules.map((r: { id: string }) => r.id),
      RULE_NAMES,
    );
    for (const rule of driver.rules) {
      const meta = RULES[rule.id as keyof typeof RULES];
      assert.equal(rule.shortDescription.text, meta.summary);
      assert.equal(rule.defaultConfiguration.level, meta.severity === 'info' ? 'note' : meta.severity);
      assert.match(rule.helpUri, new RegExp(`^https://.*/docs/rules/${rule.id}\\.md$`));
      assert.match(rule.help.markdown, /\[Documentation/);
    }
  });

  it('places results exactly where the JSON format does, with levels and rule indexes', () => {
    const sarif = JSON.parse(cli(['check', '--format', 'sarif', '.'], { cwd: SAMPLES }).stdout).runs[0];
    const report = JSON.parse(cli(['check', '--format', 'json', '.'], { cwd: SAMPLES }).stdout);
    const fromJson = report.files.flatMap(
      (f: {
        path: string;
        findings: {
          rule: string;
          severity: string;
          message: string;
          range: { start: { line: number; column: number }; end: { line: number; column: number } };
        }[];
      }) =>
        f.findings.map((x) =>
          [
            f.path,
            x.rule,
            x.severity === 'info' ? 'note' : x.severity,
            x.message,
            x.range.start.line,
            x.range.start.column,
            x.range.end.line,
            x.range.end.column,
          ].join('|'),
        ),
    );
    const fromSarif = sarif.results.map(
      (r: {
        ruleId: string;
        ruleIndex: number;
        level: string;
        message: { text: string };
        locations: {
          physicalLocation: {
            artifactLocation: { uri: string; index: number };
            region: { startLine: number; startColumn: number; endLine: number; endColumn: number };
          };
        }[];
      }) => {
        assert.equal(sarif.tool.driver.rules[r.ruleIndex].id, r.ruleId);
        const { artifactLocation, region } = r.locations[0].physicalLocation;
        assert.equal(sarif.artifacts[artifactLocation.index].location.uri, artifactLocation.uri);
        return [
          decodeURIComponent(artifactLocation.uri),
          r.ruleId,
          r.level,
          r.message.text,
          region.startLine,
          region.startColumn,
          region.endLine,
          region.endColumn,
        ].join('|');
      },
    );
    assert.deepEqual(fromSarif, fromJson);
    assert.equal(sarif.columnKind, 'utf16CodeUnits');
  });

  it('is byte-stable and has unique fingerprints', () => {
    const a = cli(['check', '--format', 'sarif', '.'], { cwd: SAMPLES }).stdout;
    assert.equal(a, cli(['check', '--format', 'sarif', '.'], { cwd: SAMPLES }).stdout);
    const prints = JSON.parse(a).runs[0].results.map(
      (r: { partialFingerprints: Record<string, string> }) => r.partialFingerprints['capLens/v1'],
    );
    assert.equal(new Set(prints).size, prints.length);
  });

  it('can be written to a file with --output', () => {
    const dir = tempTree({ 'a.cap.yaml': CLEAN_DESIGN });
    const r = cli(['check', '--format', 'sarif', '-o', 'out.sarif', 'a.cap.yaml'], { cwd: dir });
    assert.equal(r.stdout, '');
    assertValidSarif(readFileSync(join(dir, 'out.sarif'), 'utf8'));
  });
});
