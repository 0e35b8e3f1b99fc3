/**
 * The few statistics the benchmark reports: medians and spreads of small samples (5–10 runs), so
 * percentiles interpolate linearly between the sorted values instead of picking the nearest one.
 */

export interface Summary {
  n: number
  median: number
  p10: number
  p90: number
  min: number
  max: number
}

/** The q-quantile (0 ≤ q ≤ 1) of the values, interpolated linearly between neighbours. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN
  if (q < 0 || q > 1) throw new RangeError(`quantile ${q} is outside 0..1`)
  const sorted = [...values].sort((a, b) => a - b)
  const at = (sorted.length - 1) * q
  const low = Math.floor(at)
  const high = Math.ceil(at)
  return sorted[low] + (sorted[high] - sorted[low]) * (at - low)
}

export function median(values: readonly number[]): number {
  return quantile(values, 0.5)
}

export function summarize(values: readonly number[]): Summary {
  if (values.length === 0) return { n: 0, median: Number.NaN, p10: Number.NaN, p90: Number.NaN, min: Number.NaN, max: Number.NaN }
  return {
    n: values.length,
    median: median(values),
    p10: quantile(values, 0.1),
    p90: quantile(values, 0.9),
    min: Math.min(...values),
    max: Math.max(...values)
  }
}

/** ours / baseline of the medians; undefined when the baseline is zero or missing. */
export function ratio(ours: Summary, baseline: Summary | undefined): number | undefined {
  if (!baseline || !(baseline.median > 0) || Number.isNaN(ours.median)) return undefined
  return ours.median / baseline.median
}

/** A reproducible stream of numbers in [0, 1) (mulberry32), so every mode sees the same timelines. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
