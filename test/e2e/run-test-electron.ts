// `npm run test:vscode`: the extension-host suite (test/e2e/suite, the same one `npm test` runs inside
// code-server) in desktop VS Code, downloaded and started by @vscode/test-electron. For machines that can
// reach VS Code's download site; not part of `npm test`. See docs/e2e.md.
//
//   npm install --no-save @vscode/test-electron@^2.5.2 mocha@^12.0.3   # unless they are devDependencies
//   npm run build
//   xvfb-run -a npm run test:vscode        # Linux without a display; plain `npm run test:vscode` elsewhere
//
// Environment: VSCODE_VERSION ('stable', 'insiders' or e.g. '1.91.0'; default 'stable'), CAP_LENS_E2E_GREP.
// @vscode/test-electron 2.x runs on Node >= 16 (3.x needs Node 22); it downloads nothing at install time.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSuite } from './build-suite';
import { BASE_SETTINGS, readJson, REPO, type SuiteResult } from './harness';

interface TestElectron {
  runTests(options: {
    version?: string;
    cachePath?: string;
    extensionDevelopmentPath: string;
    extensionTestsPath: string;
    launchArgs?: string[];
    extensionTestsEnv?: Record<string, string | undefined>;
  }): Promise<number>;
}

function load(): TestElectron {
  const req = createRequire(__filename);
  try {
    return req('@vscode/test-electron') as TestElectron;
  } catch {
    console.error(
      '@vscode/test-electron is not installed. Install it (it downloads VS Code only when the tests run):\n  npm install --no-save @vscode/test-electron@^2.5.2',
    );
    process.exit(2);
  }
}

function mochaPath(): string {
  const req = createRequire(join(REPO, 'package.json'));
  try {
    return join(req.resolve('mocha/package.json'), '..');
  } catch {
    const cached = join(REPO, '.cache/e2e-deps/node_modules/mocha');
    if (existsSync(cached)) return cached;
    console.error('mocha is not installed: npm install --no-save mocha@^12.0.3 (or scripts/setup-e2e.sh)');
    process.exit(2);
  }
}

async function main(): Promise<number> {
  const { runTests } = load();
  if (!existsSync(join(REPO, 'dist/client.js'))) {
    console.error('dist/client.js is missing: run `npm run build` first');
    return 2;
  }
  const suite = await buildSuite();
  const work = mkdtempSync(join(tmpdir(), 'cap-lens-test-electron-'));
  const workspace = join(work, 'workspace');
  const userData = join(work, 'user-data');
  mkdirSync(workspace);
  mkdirSync(join(userData, 'User'), { recursive: true });
  writeFileSync(join(userData, 'User/settings.json'), JSON.stringify(BASE_SETTINGS, null, 2));
  // Same start as in code-server: only a plain YAML file, so the activation tests hold.
  copyFileSync(join(REPO, 'test/e2e/fixtures/notes.yaml'), join(workspace, 'notes.yaml'));
  const resultsFile = join(work, 'results.json');

  let code = 0;
  try {
    code = await runTests({
      version: process.env.VSCODE_VERSION ?? 'stable',
      // The downloaded VS Code stays in the git-ignored cache, not in ./.vscode-test.
      cachePath: join(REPO, '.cache/vscode-test'),
      extensionDevelopmentPath: REPO,
      extensionTestsPath: suite,
      launchArgs: [
        workspace,
        '--disable-extensions',
        '--disable-workspace-trust',
        '--skip-welcome',
        '--skip-release-notes',
        `--user-data-dir=${userData}`,
        `--extensions-dir=${join(work, 'extensions')}`,
      ],
      extensionTestsEnv: {
        CAP_LENS_MOCHA: mochaPath(),
        CAP_LENS_E2E_FIXTURES: join(REPO, 'test/e2e/fixtures'),
        CAP_LENS_E2E_RESULTS: resultsFile,
        CAP_LENS_E2E_GREP: process.env.CAP_LENS_E2E_GREP,
      },
    });
  } catch (e) {
    console.error(String(e));
    code = 1;
  }
  const results = readJson<SuiteResult>(resultsFile);
  rmSync(work, { recursive: true, force: true });
  if (!results) {
    console.error('the suite wrote no results');
    console.log('0 passed, 1 failed');
    return 1;
  }
  for (const f of results.failures) console.error(`✖ ${f.title}\n${f.error}\n`);
  console.log(`${results.passes.length} passed, ${results.failures.length} failed, ${results.pending.length} skipped`);
  return results.failures.length || code ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
