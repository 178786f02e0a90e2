// Hostile inputs shared by the unit tests and the fuzz test: each function builds one kind of input a user or
// a file can hold (issue 17), parameterised so the fuzz test can search the kind.

import { pick } from './random';

export const PROTOTYPE_KEYS = [
  'constructor',
  '__proto__',
  'toString',
  'hasOwnProperty',
  'valueOf',
  'isPrototypeOf',
  'propertyIsEnumerable',
  'toLocaleString',
  '__defineGetter__',
  '__lookupGetter__',
];

/** `k` in every place a design holds a name or a word. */
export function prototypeDesign(k: string, engine = 'cassandra'): string {
  return [
    'system: s',
    `${k}: 1`,
    `regions: [${k}, east]`,
    'datastores:',
    '  kv:',
    `    engine: ${engine}`,
    '    replicas: 3',
    `    replication: ${k}`,
    `    settings: {${k}: 1}`,
    `    placement: {${k}: 2, east: 1}`,
    `    latency: {read: "${k}(1)"}`,
    `    claims: {consistency: ${k}, ${k}: CP}`,
    `    ${k}: 1`,
    `  ${k}:`,
    '    replicas: 5',
    `    engine: ${k}`,
    'components:',
    `  ${k}:`,
    `    uses: {${k}: strong, kv: ${k}}`,
    `    ${k}: 1`,
    'scenarios:',
    `  ${k}:`,
    '    duration: 1s',
    `    workload: {${k}: 1, clients: [${k}]}`,
    `    partitions: [{isolate: ${k}, at: 0}]`,
    `    expect: [{datastore: ${k}, ${k}: 1}]`,
    '',
  ].join('\n');
}

const FRAGMENTS = [
  '\n',
  '  ',
  ':',
  '- ',
  '{',
  '}',
  '[',
  ']',
  '"',
  "'",
  '#',
  '&x ',
  '*x',
  '!!str ',
  '? ',
  '|\n',
  '>-\n',
  '\t',
  '\u0000',
  '\ufeff',
  '\u2028',
  'é',
  '😀',
  '99999999999999999999',
  '-1',
  '1e400',
  'NaN',
  '.inf',
  'majority',
  'CA',
  'consensus',
  'null',
  '~',
  '---\n',
  '%YAML 1.2\n',
  '<<: *x\n',
  'replicas: 0\n',
];

/** One to four random edits of `text`: inserted YAML fragments, deletions, truncation, copied runs, changed numbers. */
export function mutate(text: string, rand: () => number): string {
  const edits = 1 + Math.floor(rand() * 4);
  for (let i = 0; i < edits; i++) {
    const at = Math.floor(rand() * (text.length + 1));
    const r = rand();
    if (r < 0.4) text = text.slice(0, at) + pick(rand, FRAGMENTS) + text.slice(at);
    else if (r < 0.65) text = text.slice(0, at) + text.slice(at + 1 + Math.floor(rand() * 20));
    else if (r < 0.75)
      text = text.slice(0, at); // truncation, as while typing at the end
    else if (r < 0.9) {
      const from = Math.floor(rand() * text.length);
      text = text.slice(0, at) + text.slice(from, from + Math.floor(rand() * 200)) + text.slice(at);
    } else text = text.replace(/\d+/, String(Math.floor(rand() * 1e6)));
  }
  return text;
}

// ---- Generators for the fuzz test: one per kind of hostile input ----------------------------------------

/** Rewrites the line breaks: all CRLF, all lone CR, or each one drawn from LF, CRLF and CR. */
export function withLineEndings(text: string, rand: () => number): string {
  const r = rand();
  if (r < 0.3) return text.replace(/\r?\n/g, '\r\n');
  if (r < 0.5) return text.replace(/\r?\n/g, '\r');
  return text.replace(/\r?\n/g, () => pick(rand, ['\n', '\r\n', '\r']));
}

/** Block collections nested `depth` deep on one line (`- - - x`, `? ? ? x`, `- : - : x`) under a key a design uses. */
export function nestedBlocks(depth: number, rand: () => number): string {
  const indicator = pick(rand, ['- ', '? ', '- : ']);
  const where = pick(rand, [
    'regions:\n  ',
    'scenarios:\n  ',
    'datastores:\n  kv:\n    settings:\n      ',
    'components:\n  c:\n    uses:\n      ',
  ]);
  return `system: s\n${where.startsWith('datastores') ? '' : 'datastores: {kv: {replicas: 3}}\n'}${where}${indicator.repeat(depth)}x\n`;
}

/** `count` aliases of one anchor where the analysis reads them, or an alias bomb `levels` deep and `fan` wide. */
export function aliases(count: number, levels: number, fan: number, rand: () => number): string {
  if (rand() < 0.5) {
    const where = pick(rand, ['regions', 'scenarios']);
    return `system: s\ndatastores:\n  kv: {replicas: 3, why: &a east}\n${where}: [${Array(count).fill('*a').join(', ')}]\n`;
  }
  const lines = ['system: bomb', `l0: &l0 [${Array(fan).fill('"lol"').join(', ')}]`];
  for (let i = 1; i <= levels; i++)
    lines.push(
      `l${i}: &l${i} [${Array(fan)
        .fill(`*l${i - 1}`)
        .join(', ')}]`,
    );
  lines.push(
    'datastores:',
    '  kv:',
    '    replicas: 3',
    `    settings: *l${levels}`,
    `    latency: *l${levels}`,
    `scenarios: *l${levels}`,
  );
  return `${lines.join('\n')}\n`;
}

const RUN_CHARACTERS = [' ', 'a', '-', ':', '#', '"', "'", '`', '[', '{', '\t', '*', '&', '\\', 'é'];

/** A run of `length` copies of one character inserted somewhere in `text` (a value, a key, a comment, a line). */
export function longRun(text: string, length: number, rand: () => number): string {
  const at = Math.floor(rand() * (text.length + 1));
  return text.slice(0, at) + pick(rand, RUN_CHARACTERS).repeat(length) + text.slice(at);
}

/** `text` with some of its words replaced by names of Object.prototype members. */
export function prototypeWords(text: string, rand: () => number): string {
  return text.replace(/\b[a-z_]{3,}\b/g, (w) => (rand() < 0.15 ? pick(rand, PROTOTYPE_KEYS) : w));
}

/** A design with one scenario of random size, from tiny to far past every simulation budget. */
export function scenarioOfSize(rand: () => number): string {
  const scale = (max: number) => Math.max(1, Math.floor(Math.exp(rand() * Math.log(max))));
  const family = pick(rand, ['leaderless', 'leader', 'consensus']);
  const duration = pick(rand, [`${scale(2000)}ms`, `${scale(600)}s`, `${scale(48)}h`]);
  const workload = [
    `rate: ${scale(10_000_000)}`,
    rand() < 0.5 ? `keys: ${scale(1e9)}` : '',
    rand() < 0.4 ? `clients: ${scale(1e7)}` : '',
  ]
    .filter(Boolean)
    .join(', ');
  return [
    'system: s',
    'datastores:',
    '  kv:',
    `    replicas: ${scale(20_000)}`,
    `    replication: ${family}`,
    '    claims: {consistency: linearizable}',
    'scenarios:',
    '  - name: sized',
    `    duration: ${duration}`,
    `    workload: {${workload}}`,
    rand() < 0.5 ? '    expect: [{linearizable: true}]' : '',
    '',
  ].join('\n');
}
