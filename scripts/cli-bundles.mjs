// The esbuild options of the command line: a small dispatcher (dist/cli.js, the `cap-lens` binary) and one
// bundle per command (dist/commands/<command>.js), loaded only when that command runs, so `--version` costs a bare
// node start and `check-history` never loads the YAML parser or the language server. Shared by
// scripts/build.mjs and the CLI tests, so the tests run what ships.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * @param {string} root the repository root
 * @param {string} outdir where cli.js and commands/ go
 * @param {Record<string, unknown>} common options shared by every bundle (sourcemap, minify, …)
 * @returns {import('esbuild').BuildOptions[]}
 */
export function cliBundles(root, outdir, common = {}) {
  const commandsDir = join(root, 'server/src/cli/commands');
  const commands = readdirSync(commandsDir)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => join(commandsDir, f));
  const node = { platform: 'node', format: 'cjs', target: 'node20', bundle: true };
  return [
    // The dispatcher's `import('./commands/x')` stays a run-time require of dist/commands/x.js.
    {
      ...common,
      ...node,
      entryPoints: [join(root, 'server/src/cli/main.ts')],
      outfile: join(outdir, 'cli.js'),
      banner: { js: '#!/usr/bin/env node' },
      external: ['./commands/*'],
    },
    { ...common, ...node, entryPoints: commands, outdir: join(outdir, 'commands') },
  ];
}
