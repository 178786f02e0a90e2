// Lets TypeScript accept `import source from 'worker:./sim-worker'`: scripts/worker-plugin.mjs bundles the worker
// on its own and hands its code over as a string.
declare module 'worker:*' {
  const source: string;
  export default source;
}
