// The production latency models of Probabilistically Bounded Staleness (Bailis et al., VLDB 2012) as named
// presets, and the resolution of a store's declared latency into one distribution per message leg.
//
// The paper fits each leg of its WARS model (W: write to replica, A: ack back, R: read to replica,
// S: response back) as a mix of a Pareto body and an exponential tail, and gives the exponential by RATE
// (per ms). Our `Distribution` takes the MEAN, so every rate λ below appears as 1/λ.

import type { Distribution } from '../semantics/latency';
import type { LatencyLeg } from '../model/design';

export type LatencyLegs = Record<LatencyLeg, Distribution>;

export interface LatencyPreset {
  description: string;
  /** Legs between a coordinator (or client) and a replica in the same datacenter. */
  local: LatencyLegs;
  /** Legs to a replica in another datacenter; absent when the model has no notion of distance. */
  remote?: LatencyLegs;
}

const pareto = (xm: number, alpha: number): Distribution => ({ kind: 'pareto', xm, alpha });
const expRate = (rate: number): Distribution => ({ kind: 'exponential', mean: 1 / rate });
const mix = (w1: number, d1: Distribution, d2: Distribution): Distribution => ({
  kind: 'mix',
  parts: [
    { weight: w1, dist: d1 },
    { weight: 1 - w1, dist: d2 },
  ],
});
const same = (d: Distribution): LatencyLegs => ({ write: d, ack: d, read: d, response: d });
const plus = (ms: number, legs: LatencyLegs): LatencyLegs => {
  const add = (d: Distribution): Distribution => ({ kind: 'sum', terms: [d, { kind: 'constant', value: ms }] });
  return { write: add(legs.write), ack: add(legs.ack), read: add(legs.read), response: add(legs.response) };
};

const LNKD_SSD_LEG = mix(0.9122, pareto(0.235, 10), expRate(1.66));
const LNKD_SSD = same(LNKD_SSD_LEG);
const LNKD_DISK: LatencyLegs = { ...LNKD_SSD, write: mix(0.38, pareto(1.05, 1.51), expRate(0.183)) };
const YMMR_OTHER = mix(0.982, pareto(1.5, 3.8), expRate(0.0217));
const YMMR: LatencyLegs = {
  write: mix(0.939, pareto(3, 3.35), expRate(0.0028)),
  ack: YMMR_OTHER,
  read: YMMR_OTHER,
  response: YMMR_OTHER,
};

export const LATENCY_PRESETS = {
  'lnkd-ssd': {
    description:
      'LinkedIn Voldemort on SSDs (PBS, VLDB 2012): every leg 91.22% pareto(0.235, 10) + 8.78% exponential(rate 1.66/ms). Sub-millisecond.',
    local: LNKD_SSD,
  },
  'lnkd-disk': {
    description:
      'LinkedIn Voldemort on spinning disks (PBS, VLDB 2012): the write leg is 38% pareto(1.05, 1.51) + 62% exponential(rate 0.183/ms); other legs as lnkd-ssd. Slow, heavy-tailed writes.',
    local: LNKD_DISK,
  },
  ymmr: {
    description:
      "Yammer's Riak (PBS, VLDB 2012): the write leg is 93.9% pareto(3, 3.35) + 6.1% exponential(rate 0.0028/ms); other legs 98.2% pareto(1.5, 3.8) + 1.8% exponential(rate 0.0217/ms). A long write tail (hundreds of ms).",
    local: YMMR,
  },
  wan: {
    description:
      'lnkd-disk within a datacenter, plus 75 ms on every leg to a replica in another datacenter (PBS, VLDB 2012, WAN model).',
    local: LNKD_DISK,
    remote: plus(75, LNKD_DISK),
  },
} satisfies Record<string, LatencyPreset>;

export type LatencyPresetName = keyof typeof LATENCY_PRESETS;
export const LATENCY_PRESET_NAMES = Object.keys(LATENCY_PRESETS) as LatencyPresetName[];
/** Used when a store declares no latency: the fastest measured model, so results are not slowed by a guess. */
export const DEFAULT_LATENCY_PRESET: LatencyPresetName = 'lnkd-ssd';

export function isLatencyPreset(name: string): name is LatencyPresetName {
  return Object.hasOwn(LATENCY_PRESETS, name);
}

/**
 * What a store may declare: a preset name, a map of legs, or both (`{preset, legs}`: the legs override the
 * preset's). Legs left out come from the preset, or from the default preset.
 */
export type LatencyInput = string | Partial<LatencyLegs> | { preset?: string; legs?: Partial<LatencyLegs> } | undefined;

/**
 * The four leg distributions for messages between a coordinator/client and one replica. `crossRegion` says
 * whether the replica is in another region than the sender; only presets with a `remote` model (wan) use it,
 * because declared legs describe what the author measured and are taken as they are. An unknown preset name
 * falls back to the default (the rules report the name; simulating anyway beats refusing).
 */
export function resolveLatency(input: LatencyInput, options: { crossRegion: boolean }): LatencyLegs {
  let presetName: string | undefined;
  let legs: Partial<LatencyLegs> | undefined;
  if (typeof input === 'string') presetName = input;
  else if (input && ('preset' in input || 'legs' in input)) {
    const spec = input as { preset?: string; legs?: Partial<LatencyLegs> };
    presetName = spec.preset;
    legs = spec.legs;
  } else legs = input as Partial<LatencyLegs> | undefined;
  const preset: LatencyPreset = LATENCY_PRESETS[presetName && isLatencyPreset(presetName) ? presetName : DEFAULT_LATENCY_PRESET];
  const base = options.crossRegion && preset.remote ? preset.remote : preset.local;
  return {
    write: legs?.write ?? base.write,
    ack: legs?.ack ?? base.ack,
    read: legs?.read ?? base.read,
    response: legs?.response ?? base.response,
  };
}
