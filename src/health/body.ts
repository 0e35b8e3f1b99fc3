import { testPattern } from '../safe-regex.js'
import type { HealthBodyMatch } from '../config/inputs.js'

/**
 * Reading and matching the health response body, both bounded: the read stops at a byte cap (a body
 * that never ends cannot hold the probe), and a `/regex/` runs in a separate V8 context with a time
 * limit, so a catastrophic pattern (`/(a+)+$/` against "aaaa…!") costs at most that limit.
 */

export interface CappedBody {
  text: string
  /** The body went on past the cap; `text` holds only its first `limit` bytes. */
  truncated: boolean
}

/**
 * Reads at most `limit` bytes of the body, then cancels the download. Stops early, rejecting with the
 * signal's reason, when the signal aborts (the per-request timeout covers the body, not only headers).
 * @param response the response whose body to read
 * @param limit the byte cap
 * @param signal aborts a read that stalls
 */
export async function readCapped(response: Response, limit: number, signal?: AbortSignal): Promise<CappedBody> {
  if (!response.body) return { text: '', truncated: false }
  const reader = response.body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  let ended = false
  let onAbort: (() => void) | undefined
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(signal?.reason ?? new Error('aborted'))
    if (signal?.aborted) onAbort()
    else signal?.addEventListener('abort', onAbort, { once: true })
  })
  aborted.catch(() => undefined) // handled by the race below; never an unhandled rejection
  try {
    while (size <= limit) {
      const { done, value } = await Promise.race([reader.read(), aborted])
      if (done) {
        ended = true
        break
      }
      chunks.push(value)
      size += value.byteLength
    }
  } finally {
    if (onAbort) signal?.removeEventListener('abort', onAbort)
    await reader.cancel().catch(() => undefined)
  }
  const joined = Buffer.concat(chunks)
  return { text: joined.subarray(0, limit).toString('utf8'), truncated: !ended && size > limit }
}

/** The result of matching health-body: matched or not, or the regex ran out of time. */
export type BodyMatch = 'matched' | 'no-match' | 'too-slow'

/**
 * Whether the body satisfies health-body. Text is a substring test; a regex runs under a time limit
 * (src/safe-regex.ts).
 * @param body the (capped) body text
 * @param match health-body
 * @param timeoutMs the regex's time limit
 */
export function matchBody(body: string, match: HealthBodyMatch, timeoutMs: number): BodyMatch {
  if (match.kind === 'text') return body.includes(match.source) ? 'matched' : 'no-match'
  const result = testPattern(match.source, match.flags, body, timeoutMs)
  return result === 'timeout' ? 'too-slow' : result ? 'matched' : 'no-match'
}

/**
 * Why a pattern may take exponential time, or undefined when it looks safe. Flags the classic shape:
 * a group repeated without bound that itself holds an unbounded quantifier — `(a+)+`, `(\w*)*`,
 * `(x+y?){2,}`. A heuristic, not a proof; the time limit in `matchBody` is the real guard.
 * @param source the regular expression's source, without slashes
 */
export function unsafePatternReason(source: string): string | undefined {
  // For each open group: does it contain an unbounded quantifier?
  const groups: boolean[] = []
  let i = 0
  const unboundedAt = (at: number): number => {
    // Returns the length of an unbounded quantifier at `at` (`*`, `+`, `{n,}`, `{n,m}` with m > 1), else 0.
    const c = source[at]
    if (c === '*' || c === '+') return 1
    if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(source.slice(at))
      if (m && m[2] !== undefined && (m[3] === '' || Number(m[3]) > 1)) return m[0].length
    }
    return 0
  }
  while (i < source.length) {
    const c = source[i]
    if (c === '\\') {
      i += 2
      continue
    }
    if (c === '[') {
      // Skip the character class; `]` right after `[` or `[^` is literal.
      i++
      if (source[i] === '^') i++
      if (source[i] === ']') i++
      while (i < source.length && source[i] !== ']') i += source[i] === '\\' ? 2 : 1
      i++
      continue
    }
    if (c === '(') {
      groups.push(false)
      i++
      continue
    }
    if (c === ')') {
      const inner = groups.pop() ?? false
      i++
      const q = unboundedAt(i)
      if (q && inner) {
        return `it repeats a group that already repeats (${source.slice(0, i + q)}), which can take exponential time on a body that almost matches`
      }
      if ((inner || q) && groups.length) groups[groups.length - 1] = true
      if (q) i += q
      continue
    }
    const q = unboundedAt(i)
    if (q) {
      if (groups.length) groups[groups.length - 1] = true
      i += q
      continue
    }
    i++
  }
  return undefined
}
