// An esbuild plugin for the browser build (dist/web/): the build fails when anything it bundles imports a Node
// built-in (`fs`, `node:path`, `worker_threads`, …), naming the import and the file that made it. A web worker
// extension host and a Web Worker have none of them, so such an import would only fail later, in a user's
// browser; esbuild's `platform: 'browser'` alone would leave some of them to fail at run time instead (a package's
// `browser` field can map them away, and `node:` imports can be marked external).
import { builtinModules } from 'node:module';
import { relative } from 'node:path';

const BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

/** @returns {import('esbuild').Plugin} */
export function browserOnly() {
  return {
    name: 'browser-only',
    setup(build) {
      build.onResolve({ filter: /^(node:)?[a-z_][\w/]*$/ }, (args) => {
        if (!BUILTINS.has(args.path) && !args.path.startsWith('node:')) return undefined;
        return {
          errors: [
            {
              text: `'${args.path}' is a Node built-in: the browser build cannot use it (imported by ${args.importer ? relative(process.cwd(), args.importer) : 'the entry point'})`,
            },
          ],
        };
      });
    },
  };
}
