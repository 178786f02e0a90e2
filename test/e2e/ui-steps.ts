// What the UI tests check, shared by the tests of the packaged extension (ui.test.ts) and of its browser build
// alone (web.test.ts), so both builds are held to the same expectations: the findings the core computes for a
// file as Problems rows, and the simulator exercised as a user does (cut a region off, run, read the results).

import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { analyzeFull, rateFindings } from '../../server/src/core/analysis/analyze';
import { analyzeMarkdown } from '../../server/src/core/markdown/analyze';
import type { RuleSeverityOverrides } from '../../server/src/core/rules/registry';
import * as h from './harness';

export const SAMPLES = join(h.REPO, 'samples');
export const FIXTURES = join(h.REPO, 'test/e2e/fixtures');

/** Every sample design, as paths relative to samples/ (samples/engines/… included), in a stable order. */
export const SAMPLE_DESIGNS = (readdirSync(SAMPLES, { recursive: true }) as string[])
  .filter((f) => /\.cap\.ya?ml$/.test(f))
  .sort();

/** The Markdown design docs of samples/docs/. */
export const MARKDOWN_DOCS = (readdirSync(join(SAMPLES, 'docs')) as string[]).filter((f) => f.endsWith('.md')).sort();

/** What the analysis core reports for a file (default severities, or `overrides`): "rule@line" (1-based), sorted. */
export function expectedFindings(file: string, overrides?: RuleSeverityOverrides): string[] {
  const text = readFileSync(file, 'utf8');
  const line = (offset: number) => text.slice(0, offset).split('\n').length;
  return rateFindings(analyzeFull(text).findings, overrides)
    .map((f) => `${f.rule}@${line(f.span.start)}`)
    .sort();
}

/** What the analysis core reports for a Markdown design doc, every design of it: "rule@line" of the Markdown file. */
export function expectedMarkdownFindings(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const line = (offset: number) => text.slice(0, offset).split('\n').length;
  return analyzeMarkdown(text)
    .flatMap((d) => rateFindings(d.findings))
    .map((f) => `${f.rule}@${line(f.span.start)}`)
    .sort();
}

/** The `# expect: rule[, rule]` markers some samples carry, as "rule@line": an oracle independent of the core. */
export function markedFindings(file: string): string[] {
  const out: string[] = [];
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((text, i) => {
      const m = /#\s*expect:\s*([a-z][\w-]*(?:\s*,\s*[a-z][\w-]*)*)/.exec(text);
      if (m) for (const rule of m[1].split(/\s*,\s*/)) out.push(`${rule}@${i + 1}`);
    });
  return out;
}

/** "rule@line" of a Problems row ("message  cap-lens(rule)  [Ln 12, Col 7]"). */
export function rowFinding(row: h.ProblemRow): string | undefined {
  const m = /cap-lens\s*\(?([\w-]+)\)?\s*\[Ln (\d+)/.exec(row.text);
  return m ? `${m[1]}@${m[2]}` : undefined;
}

/** Show only one file's markers in the Problems panel (the filter accepts a glob). */
export async function filterProblems(page: Page, fileName: string): Promise<void> {
  await h.showProblems(page);
  const filter = page.locator('.markers-panel-action-filter input, .viewpane-filter input').first();
  await filter.waitFor({ state: 'visible', timeout: h.TIMEOUT });
  await filter.fill(`**/${fileName}`);
}

/** The simulator webview: its frame once the topology has rendered. */
export async function simulatorFrame(page: Page): Promise<Frame> {
  return h.webviewFrame(page, 'svg.topology g.node');
}

/** Read a results tile ("stale", "refused", …) of the simulator as a number (NaN while it shows "–"). */
async function tile(frame: Frame, key: string): Promise<number> {
  return Number((await frame.locator(`[data-tile="${key}"] .tile-value`).innerText()).trim());
}

/**
 * Topology renders; cutting every link of one region isolates it (a partition); fast-forwarding the run
 * then reports stale reads or refusals in the results tiles. Screenshots are named `<prefix>-<step>`.
 */
export async function exerciseSimulator(page: Page, frame: Frame, prefix: string): Promise<void> {
  const nodes = frame.locator('svg.topology g.node');
  await h.waitFor('replica nodes in the topology', async () => (await nodes.count()) >= 3);
  await h.screenshot(page, `${prefix}-topology`);
  const links = frame.locator('svg.topology g.link');
  assert.ok((await links.count()) > 0, 'links between regions to cut');
  const region = await links.first().getAttribute('data-a');
  const around = frame.locator(`svg.topology g.link[data-a="${region}"], svg.topology g.link[data-b="${region}"]`);
  const n = await around.count();
  for (let i = 0; i < n; i++) {
    const link = around.nth(i);
    await link.locator('.link-knob').click();
    await h.waitFor(`link ${i} of ${region} to be cut`, async () => (await link.getAttribute('aria-pressed')) === 'true');
  }
  assert.ok((await frame.locator('svg.topology g.link.cut').count()) >= n, 'the cut links show as cut');
  await h.screenshot(page, `${prefix}-partition`);
  const ff = frame.getByRole('button', { name: /^Fast-forward/ });
  await h.waitFor(
    'stale reads or refusals in the results',
    async () => {
      await ff.click();
      const stale = await tile(frame, 'stale');
      const refused = await tile(frame, 'refused');
      return (stale > 0 || refused > 0) && { stale, refused };
    },
    h.TIMEOUT,
    300,
  );
  await h.screenshot(page, `${prefix}-run`);
  const tiles = frame.locator('.results .tiles');
  await tiles.scrollIntoViewIfNeeded();
  await h.screenshot(page, `${prefix}-results`);
}
