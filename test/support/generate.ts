// Generates large, realistic designs for benchmarks and randomized tests.

const FAMILIES = ['leaderless', 'leader', 'consensus'] as const;
const CLAIMS = ['linearizable', 'strong', 'eventual', 'read-your-writes'] as const;

/** A design with `count` datastores (about 16 lines each) and one component per four datastores. */
export function generateDesign(count: number, seed = 1): string {
  let s = seed;
  const next = () => ((s = (s * 1103515245 + 12345) & 0x7fffffff), s);
  const lines = ['# Generated design for benchmarks', `system: generated-${count}`, 'description: A large generated design', 'regions: [us-east, us-west, eu-west]', '', 'datastores:'];
  for (let i = 0; i < count; i++) {
    const family = FAMILIES[next() % 3];
    const n = 3 + (next() % 3);
    const r = family === 'consensus' ? 'majority' : String(1 + (next() % n));
    const w = family === 'consensus' ? 'majority' : String(1 + (next() % n));
    const a = Math.ceil(n / 2);
    lines.push(
      `  store-${i}:`,
      `    replicas: ${n}            # N`,
      `    replication: ${family}`,
      `    read_quorum: ${r}`,
      `    write_quorum: ${w}`,
      ...(family !== 'leaderless' ? [`    read_from: ${next() % 4 === 0 ? 'followers' : 'leader'}`] : []),
      `    placement: {us-east: ${a}, eu-west: ${n - a}}`,
      `    conflicts: ${next() % 2 ? 'crdt' : 'last-write-wins'}`,
      '    claims:',
      `      consistency: ${CLAIMS[next() % CLAIMS.length]}`,
      `      cap: ${next() % 2 ? 'CP' : 'AP'}`,
      `      tolerates: ${next() % 3}`,
      `    why: "Store ${i} keeps part of the system's state."`,
      '    latency:',
      '      write: exponential(1.5)',
      '      read: "90% exponential(0.5) + 10% pareto(1, 2)"',
    );
  }
  lines.push('', 'components:');
  for (let i = 0; i < count; i += 4) {
    lines.push(`  service-${i}:`, `    choice: ${next() % 2 ? 'CP' : 'AP'}`, '    uses:', `      store-${i}: ${CLAIMS[next() % CLAIMS.length]}`);
    if (i + 1 < count) lines.push(`      store-${i + 1}: eventual`);
  }
  return lines.join('\n') + '\n';
}
