// The documentation cannot drift from the code: every registered rule has a page whose title is its name and
// that the rule index links to, every message a page quotes is what CAP Lens reports for the design above it,
// and every key of the design language appears in the language reference.

import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { analyzeFull } from '../../server/src/core/analysis/analyze';
import { RULE_NAMES, RULES } from '../../server/src/core/rules/registry';

const ROOT = join(__dirname, '..', '..');
const RULES_DIR = join(ROOT, 'docs', 'rules');
const read = (path: string) => readFileSync(path, 'utf8').replace(/\r\n/g, '\n');

interface SchemaNode {
  properties?: Record<string, SchemaNode>;
  $defs?: Record<string, SchemaNode>;
}
const schema = JSON.parse(read(join(ROOT, 'schemas', 'cap-design.schema.json'))) as SchemaNode;
const defs = schema.$defs ?? {};
const keysOf = (node: SchemaNode | undefined) => Object.keys(node?.properties ?? {});
/** The scenario language's definitions, documented in docs/scenarios.md rather than docs/language.md. */
const isScenarioDef = (name: string) => name.startsWith('scenario');

describe('rule pages', () => {
  it('every rule has a page under docs/rules whose title is the rule name', () => {
    for (const rule of RULE_NAMES) {
      const path = join(RULES_DIR, `${rule}.md`);
      assert.ok(existsSync(path), `docs/rules/${rule}.md is missing`);
      const firstLine = read(path).split('\n', 1)[0];
      assert.equal(firstLine, `# ${rule}`, `docs/rules/${rule}.md must start with '# ${rule}'`);
    }
  });

  it('every page names its default severity and how to configure the rule', () => {
    for (const rule of RULE_NAMES) {
      const page = read(join(RULES_DIR, `${rule}.md`));
      assert.match(page, /\*\*Default severity:\*\* (error|warning|info)\b/, `${rule}: no default severity line`);
      assert.ok(page.includes(`capLens.rules.${rule}`), `${rule}: the page does not show the capLens.rules.${rule} setting`);
    }
  });

  it('every page states the default severity the registry gives', () => {
    for (const rule of RULE_NAMES) {
      const page = read(join(RULES_DIR, `${rule}.md`));
      const stated = /\*\*Default severity:\*\* (error|warning|info)\b/.exec(page)?.[1];
      assert.equal(stated, RULES[rule].severity, `${rule}: the page says ${stated}, the registry ${RULES[rule].severity}`);
    }
  });

  it('docs/rules/README.md links every rule page, and no page is left out of the registry', () => {
    const index = read(join(RULES_DIR, 'README.md'));
    for (const rule of RULE_NAMES) assert.ok(index.includes(`](${rule}.md)`), `docs/rules/README.md does not link ${rule}.md`);
    const pages = readdirSync(RULES_DIR).filter((f) => f.endsWith('.md') && f !== 'README.md');
    for (const page of pages)
      assert.ok(
        (RULE_NAMES as readonly string[]).includes(page.replace(/\.md$/, '')),
        `docs/rules/${page} documents no registered rule`,
      );
  });

  it('relative links between the docs point at files and headings that exist', () => {
    const files = [join(ROOT, 'docs', 'language.md'), ...readdirSync(RULES_DIR).map((f) => join(RULES_DIR, f))];
    for (const file of files) {
      const text = read(file);
      const where = file.slice(ROOT.length + 1);
      for (const [, target, anchor] of text.matchAll(/\]\(([^)\s#]*)(?:#([^)\s]*))?\)/g)) {
        if (/^[a-z]+:/.test(target)) continue;
        const path = target === '' ? file : join(file, '..', target);
        assert.ok(existsSync(path), `${where} links to ${target}, which does not exist`);
        if (anchor && path.endsWith('.md'))
          assert.ok(headingSlugs(read(path)).has(anchor), `${where} links to ${target}#${anchor}, which has no such heading`);
      }
    }
  });
});

describe('rule page examples', () => {
  // A ```text block after an example design (a ```yaml block with `system:`) quotes messages, one a line, that
  // CAP Lens reports for that design. Blocks introduced as the output of another command (`cap-lens simulate`)
  // are not finding messages and are left out.
  it('every quoted message is one CAP Lens reports for the design above it', () => {
    let checked = 0;
    for (const rule of RULE_NAMES) {
      const page = read(join(RULES_DIR, `${rule}.md`));
      let messages: string[] | undefined;
      for (const m of page.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)) {
        const [, lang, body] = m;
        if (lang === 'yaml' && /^system:/m.test(body)) {
          messages = analyzeFull(body).findings.map((f) => f.message);
          continue;
        }
        if (lang !== 'text' || !messages) continue;
        const intro = page.slice(0, m.index).trimEnd().split('\n').pop() ?? '';
        if (intro.includes('`cap-lens ')) continue;
        for (const line of body.split('\n').filter((l) => l.trim())) {
          assert.ok(
            messages.includes(line),
            `docs/rules/${rule}.md quotes a message CAP Lens does not report for the design above it:\n  ${line}\nIt reports:\n  ${messages.join('\n  ')}`,
          );
          checked++;
        }
      }
    }
    assert.ok(checked >= 30, `only ${checked} quoted messages found: the page format changed`);
  });
});

/** GitHub's anchors for a Markdown file's headings (outside code blocks). */
function headingSlugs(markdown: string): Set<string> {
  const slugs = new Set<string>();
  const seen = new Map<string, number>();
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (/^```/.test(line)) fenced = !fenced;
    const m = fenced ? null : /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!m) continue;
    const base = m[1]
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    slugs.add(n === 0 ? base : `${base}-${n}`);
  }
  return slugs;
}

describe('language reference', () => {
  const language = read(join(ROOT, 'docs', 'language.md'));
  const mentions = (key: string) => language.includes(`\`${key}\``);

  it('mentions every top-level key of the schema', () => {
    const keys = keysOf(schema);
    assert.ok(keys.length >= 6, 'the schema lost its top-level keys');
    for (const key of keys) assert.ok(mentions(key), `docs/language.md does not mention the top-level key \`${key}\``);
  });

  it('mentions every datastore key of the schema', () => {
    const keys = keysOf(defs.datastore);
    assert.ok(keys.length >= 12, 'the schema lost its datastore keys');
    for (const key of keys) assert.ok(mentions(key), `docs/language.md does not mention the datastore key \`${key}\``);
  });

  it('mentions every claim, component and latency leg key of the schema', () => {
    const latencyLegs =
      (defs.datastore?.properties?.latency as { oneOf?: SchemaNode[] } | undefined)?.oneOf?.flatMap(keysOf) ?? [];
    for (const key of [...keysOf(defs.claims), ...keysOf(defs.component), ...latencyLegs]) {
      assert.ok(mentions(key), `docs/language.md does not mention the key \`${key}\``);
    }
  });

  it('mentions every consistency model and every enum value of the schema', () => {
    const values = new Set<string>();
    const visit = (node: unknown): void => {
      if (!node || typeof node !== 'object') return;
      const n = node as { enum?: unknown[] };
      if (Array.isArray(n.enum)) for (const v of n.enum) if (typeof v === 'string') values.add(v);
      for (const child of Object.values(node)) visit(child);
    };
    // Generic keys only: engine settings are documented in docs/engines.md.
    const { $defs, properties: { scenarios: _scenarios, ...properties } = {}, ...rest } = schema;
    visit({ ...rest, properties });
    for (const [name, def] of Object.entries($defs ?? {}))
      if (!name.startsWith('engineSettings-') && !isScenarioDef(name) && name !== 'datastore') visit(def);
    const { allOf: _engineSettings, ...datastore } = (defs.datastore ?? {}) as Record<string, unknown>;
    visit(datastore);
    assert.ok(values.has('linearizable') && values.has('PC/EC') && values.has('lnkd-ssd'), 'enum values not found in the schema');
    for (const value of values) assert.ok(mentions(value), `docs/language.md does not mention the value \`${value}\``);
  });
});

describe('scenario reference', () => {
  const page = read(join(ROOT, 'docs', 'scenarios.md'));
  const mentions = (word: string) => page.includes(`\`${word}\``);

  it('docs/scenarios.md mentions every key and enum value of the scenario schema', () => {
    const words = new Set<string>();
    const visit = (node: unknown): void => {
      if (!node || typeof node !== 'object') return;
      const n = node as { properties?: Record<string, unknown>; enum?: unknown[] };
      for (const key of Object.keys(n.properties ?? {})) words.add(key);
      for (const v of n.enum ?? []) if (typeof v === 'string') words.add(v);
      for (const child of Object.values(node)) visit(child);
    };
    for (const [name, def] of Object.entries(defs)) if (isScenarioDef(name)) visit(def);
    assert.ok(
      words.has('partitions') && words.has('time_without_leader') && words.has('refused'),
      'the scenario schema lost its keys',
    );
    for (const word of words) assert.ok(mentions(word), `docs/scenarios.md does not mention \`${word}\``);
  });
});
