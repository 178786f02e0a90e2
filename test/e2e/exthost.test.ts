// Runs the extension-host suite (test/e2e/suite, mocha with the `vscode` API) inside a real VS Code: the
// VS Code server shipped in code-server, opened in Chromium with extensionDevelopmentPath and
// extensionTestsPath in the `payload` query. --enable-smoke-test-driver makes the workbench call
// window.codeAutomationExit(code, logs) when the test run ends; the suite's results JSON is then reported
// here as one node:test subtest per mocha test.
//
// Environment: CAP_LENS_E2E_EXTENSION (default: the repo root; needs `npm run build` first for dist/),
// CAP_LENS_E2E_GREP (mocha grep), CAP_LENS_E2E_KEEP=1 (keep temp folders).
import * as assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { buildSuite } from './build-suite';
import {
  ARTIFACTS,
  CACHE,
  launchBrowser,
  readJson,
  REPO,
  requireInstalled,
  screenshot,
  startVSCodeServer,
  type SuiteResult,
} from './harness';

const EXTENSION = process.env.CAP_LENS_E2E_EXTENSION ?? REPO;
const FIXTURES = join(REPO, 'test/e2e/fixtures');
const SUITE_TIMEOUT = Number(process.env.CAP_LENS_E2E_SUITE_TIMEOUT ?? 180_000);

function mochaPath(): string {
  const own = join(REPO, 'node_modules/mocha');
  if (existsSync(join(own, 'package.json'))) return own;
  const cached = join(CACHE, 'e2e-deps/node_modules/mocha');
  if (existsSync(join(cached, 'package.json'))) return cached;
  throw new Error('mocha is not installed: add it to devDependencies or run scripts/setup-e2e.sh');
}

/** Runs the suite once in the VS Code server; throws when the run itself could not happen. */
async function runSuiteInVSCode(diagnostic: (msg: string) => void): Promise<{ results: SuiteResult; exitCode: number }> {
  requireInstalled();
  const pkg = readJson<{ main?: string }>(join(EXTENSION, 'package.json'));
  assert.ok(pkg, `no package.json in ${EXTENSION}`);
  if (pkg.main)
    assert.ok(
      existsSync(join(EXTENSION, pkg.main)),
      `${join(EXTENSION, pkg.main)} is missing: build the extension first (npm run build)`,
    );
  const suite = await buildSuite();

  const work = mkdtempSync(join(tmpdir(), 'cap-lens-e2e-exthost-ws-'));
  const workspace = join(work, 'workspace');
  mkdirSync(workspace);
  // Only a plain YAML file at start: the activation tests check CAP Lens stays asleep for it.
  copyFileSync(join(FIXTURES, 'notes.yaml'), join(workspace, 'notes.yaml'));
  const resultsFile = join(work, 'results.json');

  const server = await startVSCodeServer({
    workspace,
    extensionDevelopmentPath: EXTENSION,
    extensionTestsPath: suite,
    label: 'exthost',
    env: {
      CAP_LENS_MOCHA: mochaPath(),
      CAP_LENS_E2E_FIXTURES: FIXTURES,
      CAP_LENS_E2E_RESULTS: resultsFile,
      ...(process.env.CAP_LENS_E2E_GREP ? { CAP_LENS_E2E_GREP: process.env.CAP_LENS_E2E_GREP } : {}),
    },
  });
  const browser = await launchBrowser(server.tmp);
  const log: string[] = [];
  let exitCode = -1;
  try {
    const exited = new Promise<number>((resolve) => {
      void browser.page.exposeFunction(
        'codeAutomationExit',
        (code: number, logs?: { relativePath: string; contents: string }[]) => {
          mkdirSync(join(ARTIFACTS, 'exthost-logs'), { recursive: true });
          for (const l of logs ?? []) {
            const file = join(ARTIFACTS, 'exthost-logs', l.relativePath.replace(/[\\/]/g, '__'));
            writeFileSync(file, l.contents);
          }
          resolve(code);
        },
      );
    });
    await browser.page.exposeFunction('codeAutomationLog', (level: string, message: string) => {
      log.push(`${level}: ${message}`);
    });
    const started = Date.now();
    await browser.page.goto(server.url);
    let timer: NodeJS.Timeout | undefined;
    exitCode = await Promise.race([
      exited,
      new Promise<number>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`the extension-host run did not end within ${SUITE_TIMEOUT} ms`)),
          SUITE_TIMEOUT,
        );
      }),
    ]).finally(() => clearTimeout(timer));
    diagnostic(`extension-host run ended with code ${exitCode} after ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } catch (e) {
    await screenshot(browser.page, 'exthost-timeout').catch(() => undefined);
    throw e;
  } finally {
    mkdirSync(ARTIFACTS, { recursive: true });
    await screenshot(browser.page, 'exthost-end').catch(() => undefined);
    writeFileSync(join(ARTIFACTS, 'exthost-automation.log'), log.join('\n'));
    writeFileSync(join(ARTIFACTS, 'exthost-browser-console.log'), browser.console.join('\n'));
    await browser.close();
    await server.stop();
  }

  const results = readJson<SuiteResult>(resultsFile);
  if (!process.env.CAP_LENS_E2E_KEEP) rmSync(work, { recursive: true, force: true });
  assert.ok(
    results,
    `the suite wrote no results (exit code ${exitCode}); see test-artifacts/e2e/exthost-*.log\n${log.slice(-40).join('\n')}`,
  );
  return { results, exitCode };
}

describe('extension-host suite in VS Code 1.139 (server of code-server)', { timeout: SUITE_TIMEOUT + 120_000 }, async () => {
  let run: Awaited<ReturnType<typeof runSuiteInVSCode>> | undefined;
  let failure: unknown;
  try {
    run = await runSuiteInVSCode((m) => console.log(`# ${m}`));
  } catch (e) {
    failure = e;
  }
  if (!run) {
    it('runs the mocha suite in VS Code', () => {
      throw failure;
    });
    return;
  }
  const { results, exitCode } = run;
  for (const p of results.passes) it(p.title, (t) => t.diagnostic(`${p.duration ?? 0} ms in the extension host`));
  for (const p of results.pending) it(p.title, { skip: 'pending in mocha' }, () => undefined);
  for (const f of results.failures) {
    it(f.title, () => {
      throw Object.assign(new Error(f.error.split('\n')[0]), { stack: f.error });
    });
  }
  it('the run reports what its results say', () => {
    assert.ok(results.passes.length + results.failures.length > 0, 'the suite ran no test');
    assert.equal(exitCode, results.failures.length ? 1 : 0, 'exit code agrees with the results');
  });
});
