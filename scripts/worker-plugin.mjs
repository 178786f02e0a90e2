// An esbuild plugin for Web Workers in the simulator webview: `import source from 'worker:./sim-worker'` bundles
// that file on its own (browser, IIFE) and yields its code as a string, which the page starts from a blob: URL.
// A webview may not start a worker from its resource origin (another origin than the page's), and inlining keeps
// the panel one script under its Content Security Policy (`worker-src blob:`).
import * as esbuild from 'esbuild';
import { dirname, resolve } from 'node:path';

export function workerPlugin(options = {}) {
  return {
    name: 'inline-worker',
    setup(build) {
      build.onResolve({ filter: /^worker:/ }, (args) => {
        const path = resolve(args.resolveDir, args.path.slice('worker:'.length));
        return { path: path.endsWith('.ts') ? path : `${path}.ts`, namespace: 'inline-worker' };
      });
      build.onLoad({ filter: /.*/, namespace: 'inline-worker' }, async (args) => {
        const result = await esbuild.build({
          entryPoints: [args.path],
          bundle: true,
          write: false,
          platform: 'browser',
          format: 'iife',
          target: 'es2022',
          minify: options.minify ?? false,
          legalComments: 'none',
          logLevel: 'warning',
          metafile: true,
        });
        const code = result.outputFiles[0].text;
        const watchFiles = Object.keys(result.metafile.inputs).map((f) => resolve(f));
        return { contents: `export default ${JSON.stringify(code)};`, loader: 'js', resolveDir: dirname(args.path), watchFiles };
      });
    },
  };
}
