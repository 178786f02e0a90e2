// Typed access to mocha's BDD globals inside the extension host. They are installed by suite/index.ts
// (`pre-require`) before the test modules are loaded; going through this module keeps the suite free of
// @types/mocha and of global declarations.
type Done = (err?: unknown) => void;
// A test body returns nothing or a promise, as mocha's own types say.
// biome-ignore lint/suspicious/noConfusingVoidType: a callback that returns nothing has type void, not undefined
type Fn = (this: MochaContext, done: Done) => void | Promise<unknown>;
// biome-ignore lint/suspicious/noConfusingVoidType: as above
type AsyncFn = (this: MochaContext) => void | Promise<unknown>;
export interface MochaContext {
  timeout(ms: number): void;
  skip(): never;
}

function g(name: string): (...args: unknown[]) => unknown {
  const f = (globalThis as Record<string, unknown>)[name];
  if (typeof f !== 'function') throw new Error(`mocha global ${name} is not installed (load test files through suite/index.ts)`);
  return f as (...args: unknown[]) => unknown;
}

export const describe = (title: string, body: () => void): void => void g('describe')(title, body);
export const it = (title: string, fn: AsyncFn | Fn): void => void g('it')(title, fn);
export const before = (fn: AsyncFn): void => void g('before')(fn);
export const after = (fn: AsyncFn): void => void g('after')(fn);
export const beforeEach = (fn: AsyncFn): void => void g('beforeEach')(fn);
export const afterEach = (fn: AsyncFn): void => void g('afterEach')(fn);
