// The latency legs of each replica as seen from a coordinator in the first placed region: replicas placed
// elsewhere use the preset's cross-region model. Shared by the staleness tab and `cap-lens staleness`.

import { resolveLatency, type LatencyInput, type LatencyLegs } from './presets';

export function replicaLegs(n: number, placement: readonly { region: string; count: number }[] | undefined, latency: LatencyInput): LatencyLegs[] {
  const local = resolveLatency(latency, { crossRegion: false });
  const remote = resolveLatency(latency, { crossRegion: true });
  const regions: string[] = [];
  for (const p of placement ?? []) for (let k = 0; k < p.count && regions.length < n; k++) regions.push(p.region);
  const home = regions[0];
  return Array.from({ length: n }, (_, i) => (regions[i] === undefined || regions[i] === home ? local : remote));
}
