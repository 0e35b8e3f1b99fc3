/** Time behind an interface, so waits and deadlines are tested with a fake clock. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number
  /** Resolves after `ms`, or rejects with the signal's reason when it aborts first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason)
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort)
        resolve()
      }, Math.max(0, ms))
      const onAbort = () => {
        clearTimeout(timer)
        reject(signal?.reason)
      }
      signal?.addEventListener('abort', onAbort, { once: true })
    })
}

/** A point in time after which waiting is pointless; every loop checks one. */
export class Deadline {
  readonly at: number
  private readonly clock: Clock

  constructor(clock: Clock, ms: number) {
    this.clock = clock
    this.at = clock.now() + ms
  }

  remaining(): number {
    return Math.max(0, this.at - this.clock.now())
  }

  passed(): boolean {
    return this.remaining() <= 0
  }
}

/**
 * Capped exponential backoff with full jitter: a random wait in [0, min(cap, base * 2^attempt)].
 * Full jitter spreads retries from many runners instead of letting them fire in step.
 */
export function backoffDelay(attempt: number, baseMs: number, capMs: number, random: () => number): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.min(attempt, 30))
  return Math.floor(random() * ceiling)
}

/** Formats a duration for people: 850ms, 12.3s, 4m 05s. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`
  const minutes = Math.floor(ms / 60_000)
  const seconds = Math.round((ms % 60_000) / 1000)
  return `${minutes}m ${String(seconds).padStart(2, '0')}s`
}
