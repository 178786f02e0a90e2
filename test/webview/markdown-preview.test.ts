// The Markdown preview plugin in headless Chromium: the sample design docs rendered by markdown-it with the
// plugin, as VS Code's preview renders them (raw HTML on, the preview's strict Content Security Policy, the
// theme's CSS variables and body class). Each design fence is followed by its card; the card follows the theme,
// runs no script, and a design with broken YAML shows its source with the error. Screenshots go to
// test-artifacts/webview/markdown-preview-*.png (docs/images/markdown-preview.png is one of them).

import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import MarkdownIt from 'markdown-it';
import { chromium, type Browser, type Page } from 'playwright-core';
import { capLensMarkdownIt } from '../../client/src/markdown/preview-plugin';
import type { RuleSeverityOverrides } from '../../server/src/core/rules/registry';
import { ARTIFACTS, REPO } from './harness';

const CHROMIUM = process.env.CAP_LENS_E2E_CHROMIUM ?? '/usr/bin/chromium';
const doc = (name: string) => readFileSync(join(REPO, 'samples/docs', name), 'utf8');

/** The theme colours the card reads, as VS Code's Dark Modern and Light Modern set them on the preview. */
const THEMES = {
  dark: {
    'editor-foreground': '#cccccc',
    'editor-background': '#1f1f1f',
    descriptionForeground: '#9d9d9d',
    'textCodeBlock-background': '#2b2b2b',
    'editorWidget-background': '#202020',
    'widget-border': '#313131',
    errorForeground: '#f85149',
    'testing-iconPassed': '#73c991',
    'editorWarning-foreground': '#cca700',
    'textLink-foreground': '#4daafc',
  },
  light: {
    'editor-foreground': '#3b3b3b',
    'editor-background': '#ffffff',
    descriptionForeground: '#3b3b3b',
    'textCodeBlock-background': '#f8f8f8',
    'editorWidget-background': '#f8f8f8',
    'widget-border': '#e5e5e5',
    errorForeground: '#f85149',
    'testing-iconPassed': '#388a34',
    'editorWarning-foreground': '#bf8803',
    'textLink-foreground': '#005fb8',
  },
} as const;

/** VS Code's strict preview policy (markdown-language-features): no script but the preview's own, inline styles allowed. */
const CSP =
  "default-src 'none'; img-src 'self' https: data:; media-src 'self' https: data:; script-src 'nonce-preview'; style-src 'self' 'unsafe-inline' https: data:; font-src 'self' https: data:;";

function render(markdown: string, overrides: RuleSeverityOverrides = {}): string {
  const md = capLensMarkdownIt(new MarkdownIt({ html: true, linkify: true }), { overrides: () => overrides });
  return md.render(markdown, {});
}

function page(body: string, theme: keyof typeof THEMES): string {
  const vars = Object.entries(THEMES[theme])
    .map(([k, v]) => `--vscode-${k}:${v};`)
    .join('');
  return `<!DOCTYPE html><html style="${vars}"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${CSP}">
<style>body{font-family:system-ui,sans-serif;font-size:14px;line-height:1.6;color:var(--vscode-editor-foreground);background:var(--vscode-editor-background);max-width:980px;padding:0 26px;margin:0 auto}pre{background:var(--vscode-textCodeBlock-background);padding:10px}</style>
</head><body class="vscode-body vscode-${theme}">${body}</body></html>`;
}

describe('Markdown preview plugin in Chromium', () => {
  let browser: Browser;
  const problems: string[] = [];

  before(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
      ],
    });
  });
  after(async () => {
    await browser?.close();
  });

  async function open(markdown: string, theme: keyof typeof THEMES, overrides?: RuleSeverityOverrides): Promise<Page> {
    const p = await browser.newPage({ viewport: { width: 1040, height: 900 }, deviceScaleFactor: 1 });
    // Chromium reports a Content Security Policy violation as a console error: any message fails the last test.
    p.on('console', (m) => problems.push(`${m.type()}: ${m.text()}`));
    p.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    await p.setContent(page(render(markdown, overrides), theme), { waitUntil: 'load' });
    return p;
  }

  it('follows each design fence of the RFC with its card: the claims beside the derived facts, ✓ and ✗ with rule names', async () => {
    const p = await open(doc('rfc-0042-checkout-storage.md'), 'dark');
    const cards = p.locator('.cap-lens-card');
    assert.equal(await cards.count(), 4);
    // Each card comes right after its code block, which is highlighted as YAML.
    assert.deepEqual(
      await p.$$eval('.cap-lens-card', (els) =>
        els.map((e) => [e.previousElementSibling?.tagName, e.previousElementSibling?.querySelector('code')?.className]),
      ),
      Array(4).fill(['PRE', 'language-yaml']),
    );
    const sessions = cards.nth(2);
    assert.match(
      await sessions.locator('.cap-lens-head').innerText(),
      /CAP LENS\s*checkout\s*✗ 1 error\s*other blocks of this design: 1 error/,
    );
    const row = await sessions.locator('tr', { hasText: 'Consistency' }).innerText();
    assert.deepEqual(
      row.split('\t').map((c) => c.trim()),
      ['Consistency', 'read-your-writes', 'eventual', '✗ consistency-claim-contradicted'],
    );
    const ledger = await cards.nth(0).locator('tr', { hasText: 'PACELC' }).innerText();
    assert.deepEqual(
      ledger.split('\t').map((c) => c.trim()),
      ['PACELC', 'PC/EC', 'PC/EC', '✓'],
    );
    // The topology, once, in the first card: three regions, the ledger's five replicas and the carts' three.
    const svg = cards.nth(0).locator('svg');
    assert.equal(await p.locator('.cap-lens-card svg').count(), 1);
    const box = await svg.boundingBox();
    assert.ok(box && box.width > 600 && box.height > 150, `the drawing is visible (${JSON.stringify(box)})`);
    assert.deepEqual(
      await svg.locator('text').evaluateAll((ts) => ts.map((t) => t.textContent).filter((t) => /^(us|eu)-/.test(t ?? ''))),
      ['us-east', 'us-west', 'eu-west'],
    );
    await p.screenshot({ path: join(ARTIFACTS, 'markdown-preview-dark.png'), fullPage: true });
    // The picture in the README: the Sessions section, its prose, its fence and the card that flags it.
    const from = await p.locator('h3', { hasText: 'Sessions' }).boundingBox();
    const to = await sessions.boundingBox();
    if (from && to)
      await p.screenshot({
        path: join(ARTIFACTS, 'markdown-preview-sessions-dark.png'),
        fullPage: true,
        clip: { x: 0, y: from.y - 12, width: 1040, height: to.y + to.height - from.y + 24 },
      });
    await cards.nth(0).screenshot({ path: join(ARTIFACTS, 'markdown-preview-card-dark.png') });
    await p.close();
  });

  it('takes its colours from the VS Code theme, light and dark alike', async () => {
    const colours: Record<string, { text: string; bad: string; svgText: string; border: string }> = {};
    for (const theme of ['dark', 'light'] as const) {
      const p = await open(doc('rfc-0042-checkout-storage.md'), theme);
      colours[theme] = await p.evaluate(() => {
        const card = document.querySelectorAll('.cap-lens-card')[2];
        const first = document.querySelector('.cap-lens-card')!;
        return {
          text: getComputedStyle(card).color,
          bad: getComputedStyle(card.querySelector('.cap-lens-verdict')!).color,
          svgText: getComputedStyle(first.querySelector('svg text')!).fill,
          border: getComputedStyle(card.querySelector('td')!).borderTopColor,
        };
      });
      if (theme === 'light') await p.screenshot({ path: join(ARTIFACTS, 'markdown-preview-light.png'), fullPage: true });
      await p.close();
    }
    assert.deepEqual(colours.dark, {
      text: 'rgb(204, 204, 204)',
      bad: 'rgb(248, 81, 73)',
      svgText: 'rgb(204, 204, 204)',
      border: 'rgb(49, 49, 49)',
    });
    assert.deepEqual(colours.light, {
      text: 'rgb(59, 59, 59)',
      bad: 'rgb(248, 81, 73)',
      svgText: 'rgb(59, 59, 59)',
      border: 'rgb(229, 229, 229)',
    });
  });

  it('runs no script and loads nothing: the card is static markup', async () => {
    const html = render(doc('rfc-0042-checkout-storage.md'));
    assert.ok(
      !/<script|\son[a-z]+=|javascript:|<iframe|<img|<link/i.test(html),
      'no script, handler, frame, image or link element',
    );
    const p = await open(doc('adr-0007-inventory-reservations.md'), 'light');
    assert.equal(await p.evaluate(() => document.scripts.length), 0);
    // Two designs (the two options), and the ordinary YAML at the end gets no card.
    assert.equal(await p.locator('.cap-lens-card').count(), 2);
    assert.match(await p.locator('.cap-lens-card').nth(0).locator('.cap-lens-head').innerText(), /inventory\s*✗ 3 errors/);
    assert.match(await p.locator('.cap-lens-card').nth(1).locator('.cap-lens-head').innerText(), /inventory\s*✓ 5 claims hold/);
    assert.equal(
      await p.evaluate(
        () => document.querySelectorAll('pre')[document.querySelectorAll('pre').length - 1].nextElementSibling?.className ?? '',
      ),
      '',
      'the StatefulSet has no card',
    );
    await p.screenshot({ path: join(ARTIFACTS, 'markdown-preview-adr-light.png'), fullPage: true });
    await p.close();
  });

  it('shows a design with broken YAML as its source, the error under its line, not a blank', async () => {
    const broken = '# Draft\n\n```cap-yaml\nsystem: s\ndatastores:\n  a: {replicas: 3\n  b:\n    replicas: 2\n```\n';
    const p = await open(broken, 'dark');
    const card = p.locator('.cap-lens-card');
    assert.match(await card.locator('.cap-lens-head').innerText(), /✗ 1 error/);
    const source = await card.locator('pre.cap-lens-source').innerText();
    // Gutter, then the line; the caret under the error's column (3: after two spaces).
    assert.deepEqual(source.split('\n').slice(0, 6), [
      '4system: s',
      '5datastores:',
      '6  a: {replicas: 3',
      '7  b:',
      '   ^ Flow map in block collection must be sufficiently indented and end with a }.',
      '8    replicas: 2',
    ]);
    await card.screenshot({ path: join(ARTIFACTS, 'markdown-preview-broken-dark.png') });
    await p.close();
  });

  it('applies the rule settings it is given: a rule turned off leaves the claim ✗ but not counted', async () => {
    const p = await open(doc('rfc-0042-checkout-storage.md'), 'dark', { 'consistency-claim-contradicted': 'off' });
    const sessions = p.locator('.cap-lens-card').nth(2);
    assert.match(await sessions.locator('.cap-lens-head').innerText(), /✓ the claim holds|✓ no problems|other blocks/);
    assert.doesNotMatch(await sessions.locator('.cap-lens-head').innerText(), /✗ 1 error/);
    assert.match(await sessions.locator('tr', { hasText: 'Consistency' }).innerText(), /✗\s*consistency-claim-contradicted/);
    await p.close();
    assert.deepEqual(problems, []);
  });
});
