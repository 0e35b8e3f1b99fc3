/**
 * "Did you mean" for misspelled keys, presets and variable names: the closest word by edit distance
 * (insertions, deletions, substitutions and swaps of neighbours all cost 1), when it is close enough to be
 * a likely typo rather than a different word.
 */

/** Optimal string alignment distance; returns max + 1 at once when the lengths alone differ by more than `max`. */
export function editDistance(a: string, b: string, max = Infinity): number {
  if (Math.abs(a.length - b.length) > max) return max + 1
  let before = new Array<number>(b.length + 1).fill(0)
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const current = [i]
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      let d = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, before[j - 2] + 1)
      current.push(d)
    }
    before = previous
    previous = current
  }
  return previous[b.length]
}

/**
 * The candidate closest to `word` (case and `-`/`_` ignored), or undefined when none is within a third of
 * the word's length (at least 1, at most 3 edits) and, with `prefixes`, none starts the other.
 */
export function closest(word: string, candidates: readonly string[], options: { prefixes?: boolean } = {}): string | undefined {
  const norm = (s: string) => s.toLowerCase().replace(/[-_ ]/g, '')
  const target = norm(word)
  const max = Math.min(3, Math.max(1, Math.floor(target.length / 3)))
  let best: string | undefined
  let bestDistance = max + 1
  for (const candidate of candidates) {
    const other = norm(candidate)
    // "warning" for "warn", "post" for "postgres": one is the start of the other.
    if (options.prefixes && Math.min(target.length, other.length) >= 3 && (target.startsWith(other) || other.startsWith(target))) return candidate
    const d = editDistance(target, other, max)
    if (d < bestDistance) {
      best = candidate
      bestDistance = d
    }
  }
  return best
}

/** " Did you mean 'x'?" for a misspelled keyword, or "". */
export function didYouMean(word: string, candidates: readonly string[]): string {
  const match = closest(word, candidates, { prefixes: true })
  return match ? ` Did you mean '${match}'?` : ''
}
