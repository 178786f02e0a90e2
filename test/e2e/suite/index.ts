// Entry point of the extension-host suite (VS Code's `extensionTestsPath`): runs mocha inside the
// extension host, where the `vscode` API is available. Used by both runners:
//  - test/e2e/exthost.test.ts (VS Code server inside code-server, driven from Chromium), and
//  - test/e2e/run-test-electron.ts (`npm run test:vscode`, desktop VS Code via @vscode/test-electron).
//
// This file is bundled with the test modules into one CommonJS file (test/e2e/build-suite.ts); mocha is
// loaded at run time from CAP_LENS_MOCHA (a path) or the project's node_modules. mocha 12 is ESM-only:
// see loadMocha().
// Results are written as JSON to CAP_LENS_E2E_RESULTS when set, so the runner outside can report them.
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

interface MochaRunner {
  // biome-ignore lint/suspicious/noExplicitAny: each mocha event passes its own arguments
  on(event: string, fn: (...args: any[]) => void): MochaRunner;
}
interface MochaTest {
  fullTitle(): string;
  duration?: number;
}

/**
 * mocha, resolved at run time (never bundled): CAP_LENS_MOCHA (a path) first, then `mocha` from this file's
 * folder up (the project's node_modules). mocha 12 is ESM-only: `require()` works where Node has
 * require(esm) (Node >= 20.19 / 22.12, as in VS Code 1.139's extension host); elsewhere, import() it.
 */
// biome-ignore lint/suspicious/noExplicitAny: mocha is loaded untyped at run time (the suite has no @types/mocha)
async function loadMocha(): Promise<any> {
  const req = createRequire(__filename);
  const candidates = [process.env.CAP_LENS_MOCHA, 'mocha'].filter((c): c is string => !!c);
  const errors: string[] = [];
  for (const c of candidates) {
    let resolved: string;
    try {
      resolved = req.resolve(c);
    } catch (e) {
      errors.push(`${c}: ${String(e)}`);
      continue;
    }
    try {
      const mod = req(resolved);
      return mod.default ?? mod;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ERR_REQUIRE_ESM') {
        errors.push(`${c}: ${String(e)}`);
        continue;
      }
    }
    const mod = await import(pathToFileURL(resolved).href);
    return mod.default ?? mod;
  }
  throw new Error(`cannot load mocha (${errors.join('; ')}); install it (devDependency) or set CAP_LENS_MOCHA`);
}

export async function run(): Promise<void> {
  const Mocha = await loadMocha();
  const grep = process.env.CAP_LENS_E2E_GREP;
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false, reporter: 'spec', ...(grep ? { grep } : {}) });
  // Install describe/it/... and load the test modules (bundled, so required in-process, not by file).
  mocha.suite.emit('pre-require', globalThis, 'cap-lens-suite.js', mocha);
  require('./activation.test');
  require('./language.test');
  require('./markdown.test');
  require('./settings.test');
  require('./history.test');

  const results = {
    passes: [] as { title: string; duration?: number }[],
    failures: [] as { title: string; error: string }[],
    pending: [] as { title: string }[],
  };
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
      runner.on('fail', (t: MochaTest, err: Error) =>
        results.failures.push({ title: t.fullTitle(), error: String(err?.stack ?? err) }),
      );
      runner.on('pending', (t: MochaTest) => results.pending.push({ title: t.fullTitle() }));
    } catch (e) {
      results.failures.push({ title: 'mocha run', error: String((e as Error)?.stack ?? e) });
      save();
      reject(e);
    }
  });
}
