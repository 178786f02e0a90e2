// Bundles the extension-host suite (test/e2e/suite) into one CommonJS file for VS Code's extensionTestsPath.
// `vscode` comes from the extension host, mocha from CAP_LENS_MOCHA or node_modules at run time.
import * as esbuild from 'esbuild';
import { join } from 'node:path';
import { REPO } from './harness';

export const SUITE_OUT = join(REPO, 'out/e2e/suite/index.js');

export async function buildSuite(outfile = SUITE_OUT): Promise<string> {
  await esbuild.build({
    entryPoints: [join(REPO, 'test/e2e/suite/index.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode', 'mocha'],
    sourcemap: 'inline',
    logLevel: 'warning',
  });
  return outfile;
}

if (require.main === module) {
  buildSuite().then(
    (f) => console.log(`built ${f}`),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}
