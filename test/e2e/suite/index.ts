// Entry point of the extension-host suite (VS Code's `extensionTestsPath`): runs mocha inside the
// extension host, where the `vscode` API is available. Used by both runners:
//  - test/e2e/exthost.test.ts (VS Code server inside code-server, driven from Chromium), and
//  - test/e2e/run-test-electron.ts (`npm run test:vscode`, desktop VS Code via @vscode/test-electron).
//
// This file is bundled with the test modules into one CommonJS file (test/e2e/build-suite.ts); mocha is
// loaded at run time from CAP_LENS_MOCHA (a path) or the project's node_modules. mocha 12 is ESM-only:
// `require()` of it works in Node >= 22 (VS Code's extension host) and yields the module namespace.
// Results are written as JSON to CAP_LENS_E2E_RESULTS when set, so the runner outside can report them.
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

interface MochaRunner {
  on(event: string, fn: (...args: any[]) => void): MochaRunner;
}
interface MochaTest {
  fullTitle(): string;
  duration?: number;
}

function loadMocha(): any {
  // Not bundled: resolved at run time, from this file's folder up (the project's node_modules) or a path.
  const req = createRequire(__filename);
  const candidates = [process.env.CAP_LENS_MOCHA, 'mocha'].filter((c): c is string => !!c);
  let lastError: unknown;
  for (const c of candidates) {
    try {
      const mod = req(c);
      return mod.default ?? mod;
    } catch (e) {
      lastError = e;
    }
  }
  throw new Error(`cannot load mocha (tried ${candidates.join(', ')}): ${String(lastError)}`);
}

export function run(): Promise<void> {
  const Mocha = loadMocha();
  const grep = process.env.CAP_LENS_E2E_GREP;
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false, reporter: 'spec', ...(grep ? { grep } : {}) });
  // Install describe/it/... and load the test modules (bundled, so required in-process, not by file).
  mocha.suite.emit('pre-require', globalThis, 'cap-lens-suite.js', mocha);
  require('./activation.test');
  require('./language.test');
  require('./settings.test');

  const results = { passes: [] as { title: string; duration?: number }[], failures: [] as { title: string; error: string }[], pending: [] as { title: string }[] };
  const save = () => {
    const out = process.env.CAP_LENS_E2E_RESULTS;
    if (out) writeFileSync(out, JSON.stringify(results, null, 2));
  };
  return new Promise((resolve, reject) => {
    try {
      const runner: MochaRunner = mocha.run((failures: number) => {
        save();
        if (failures > 0) reject(new Error(`${failures} extension-host test(s) failed`));
        else resolve();
      });
      runner.on('pass', (t: MochaTest) => results.passes.push({ title: t.fullTitle(), duration: t.duration }));
      runner.on('fail', (t: MochaTest, err: Error) => results.failures.push({ title: t.fullTitle(), error: String(err?.stack ?? err) }));
      runner.on('pending', (t: MochaTest) => results.pending.push({ title: t.fullTitle() }));
    } catch (e) {
      results.failures.push({ title: 'mocha run', error: String((e as Error)?.stack ?? e) });
      save();
      reject(e);
    }
  });
}
