// Types of scripts/browser-only-plugin.mjs for the TypeScript callers (the build's tests).
import type { Plugin } from 'esbuild';
export function browserOnly(): Plugin;
