// Hostile inputs shared by the unit tests and the fuzz test: each function builds one kind of input a user or
// a file can hold (issue 17), parameterised so the fuzz test can search the kind.

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
