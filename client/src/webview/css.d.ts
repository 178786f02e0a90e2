// Lets TypeScript accept the stylesheet import in main.ts; esbuild bundles it to dist/webview.css.
declare module '*.css';
