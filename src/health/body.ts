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
