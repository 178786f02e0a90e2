// Hostile inputs shared by the unit tests and the fuzz test: each function builds one kind of input a user or
// a file can hold (issue 17), parameterised so the fuzz test can search the kind.

import { pick } from './random';

export const PROTOTYPE_KEYS = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf', 'propertyIsEnumerable', 'toLocaleString', '__defineGetter__', '__lookupGetter__'];

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

const FRAGMENTS = ['\n', '  ', ':', '- ', '{', '}', '[', ']', '"', "'", '#', '&x ', '*x', '!!str ', '? ', '|\n', '>-\n', '\t', '\u0000', '\ufeff', '\u2028', 'é', '😀', '99999999999999999999', '-1', '1e400', 'NaN', '.inf', 'majority', 'CA', 'consensus', 'null', '~', '---\n', '%YAML 1.2\n', '<<: *x\n', 'replicas: 0\n'];

/** One to four random edits of `text`: inserted YAML fragments, deletions, truncation, copied runs, changed numbers. */
export function mutate(text: string, rand: () => number): string {
  const edits = 1 + Math.floor(rand() * 4);
  for (let i = 0; i < edits; i++) {
    const at = Math.floor(rand() * (text.length + 1));
    const r = rand();
    if (r < 0.4) text = text.slice(0, at) + pick(rand, FRAGMENTS) + text.slice(at);
    else if (r < 0.65) text = text.slice(0, at) + text.slice(at + 1 + Math.floor(rand() * 20));
    else if (r < 0.75) text = text.slice(0, at); // truncation, as while typing at the end
    else if (r < 0.9) {
      const from = Math.floor(rand() * text.length);
      text = text.slice(0, at) + text.slice(from, from + Math.floor(rand() * 200)) + text.slice(at);
    } else text = text.replace(/\d+/, String(Math.floor(rand() * 1e6)));
  }
  return text;
}
