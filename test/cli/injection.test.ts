// Design text is data in every sink: Markdown reports and explanations render it as text (no raw HTML,
// links, images or code-fence breaks, even with HTML allowed), the HTML report escapes it, and the terminal
// shows its control characters instead of obeying them.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { injectedTags, linkTargets, renderMarkdown } from '../support/markdown';
import { cli, tempTree } from './helpers';

const HOSTILE = [
  'system: "<img src=https://evil.example/x.png> [run](command:workbench.action.terminal.new) ![x](https://evil.example/y.png)"',
  'description: "</details><script>alert(1)</script>\\n```\\n# heading\\n- item"',
  'datastores:',
  '  "<b>kv</b>`x``":',
  '    replicas: 3',
  '    read_quorum: 1',
  '    write_quorum: 1',
  '    claims: {consistency: strong}',
  '    why: "[x](javascript:alert(1)) <iframe src=x> <https://evil.example>"',
  '  "```":',
  '    replicas: 0',
  'components:',
  '  "[c](command:x)":',
  '    uses: {"<b>kv</b>`x``": strong, "<img src=z>": eventual}',
  '',
].join('\n');

const ESC = '\u001b';
const TERMINAL = [
  'system: s',
  'datastores:',
  '  kv:',
  '    replicas: 3',
  '    read_quorum: 1',
  '    write_quorum: 1',
  `    claims: {consistency: strong}   # ${ESC}]0;pwned\u0007${ESC}[2J`,
  `  "${ESC}]8;;http://evil${ESC}\\\\x\u202e":`,
  '    replicas: 0',
  '',
].join('\n');

describe('Markdown output', () => {
  for (const args of [
    ['report', '--format', 'md'],
    ['explain', '--format', 'md'],
  ]) {
    it(`${args.join(' ')} renders design text as text`, () => {
      const dir = tempTree({ 'inject.cap.yaml': HOSTILE });
      const r = cli([...args, 'inject.cap.yaml'], { cwd: dir });
      assert.equal(r.stderr, '');
      const html = renderMarkdown(r.stdout);
      assert.deepEqual(injectedTags(html), []);
      assert.deepEqual(
        linkTargets(html).filter((href) => !href.startsWith('https://github.com/cap-lens/cap-lens/')),
        [],
        'only links to the rule pages',
      );
      assert.equal((html.match(/<h1>/g) ?? []).length, 1, 'no heading from the design');
      // The text is all there, shown as written.
      assert.ok(html.includes('&lt;img src=https://evil.example/x.png&gt;') || args[0] === 'explain');
      assert.ok(html.includes('[x](javascript:alert(1)) &lt;iframe src=x&gt;'));
    });
  }

  it('keeps each code frame in its own block, whatever backticks the source holds', () => {
    const dir = tempTree({ 'inject.cap.yaml': HOSTILE });
    const html = renderMarkdown(cli(['report', '--format', 'md', 'inject.cap.yaml'], { cwd: dir }).stdout);
    const findings = (html.match(/<h3>\d+\. /g) ?? []).length;
    assert.ok(findings >= 3);
    assert.equal(
      (html.match(/<pre><code class="language-text">/g) ?? []).length,
      findings,
      'one frame per finding, none broken open',
    );
  });
});

describe('HTML report', () => {
  it('escapes every piece of design text', () => {
    const dir = tempTree({ 'inject.cap.yaml': HOSTILE });
    const r = cli(['report', '--format', 'html', 'inject.cap.yaml'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(
      injectedTags(r.stdout).filter((t) => !/^<(meta|style|svg)\b/i.test(t)),
      [],
    );
    assert.ok(!/<(img|script|iframe|b)\b/i.test(r.stdout.replace(/<svg[\s\S]*?<\/svg>/g, '')));
    assert.ok(!/href="(command|javascript):/i.test(r.stdout));
    assert.ok(r.stdout.includes('&lt;img src=https://evil.example/x.png&gt;'));
  });
});

describe('terminal output', () => {
  it('check shows control characters from a design instead of sending them', () => {
    const dir = tempTree({ 'esc.cap.yaml': TERMINAL });
    const plain = cli(['check', 'esc.cap.yaml'], { cwd: dir });
    assert.equal(plain.code, 1);
    assert.ok(
      !plain.stdout.includes(ESC) && !plain.stdout.includes('\u0007') && !plain.stdout.includes('\u202e'),
      'no control character reaches the terminal',
    );
    assert.match(plain.stdout, /# ␛\]0;pwned␇␛\[2J/, 'shown as control pictures');
    const coloured = cli(['check', '--color', 'esc.cap.yaml'], { cwd: dir });
    assert.deepEqual(
      [...new Set(coloured.stdout.match(/\u001b[^m]*m?/g))].filter((s) => !/^\u001b\[\d+m$/.test(s)),
      [],
      'only CAP Lens colours',
    );
  });

  it('explain shows them too', () => {
    const dir = tempTree({ 'esc.cap.yaml': TERMINAL });
    const r = cli(['explain', 'esc.cap.yaml'], { cwd: dir });
    assert.ok(!r.stdout.includes(ESC) && !r.stdout.includes('\u202e'));
    assert.match(r.stdout, /Datastore ␛\]8;;http:\/\/evil␛\\x�/);
  });
});
