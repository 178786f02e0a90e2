// Types of scripts/cli-bundles.mjs for the TypeScript callers (the CLI tests).
import type { BuildOptions } from 'esbuild';
export function cliBundles(root: string, outdir: string, common?: Record<string, unknown>): BuildOptions[];
