// Types of scripts/web-bundles.mjs for the TypeScript callers (the bench and the browser tests).
import type { BuildOptions } from 'esbuild';
export function webBundles(root: string, outdir: string, common?: Record<string, unknown>): BuildOptions[];
