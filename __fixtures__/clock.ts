import type { Clock } from '../src/clock.js'

/**
 * Virtual time: `sleep` moves the clock forward at once instead of waiting, so tests of polling,
 * backoff and deadlines run in microseconds and are exact.
 */
export class FakeClock implements Clock {
  current: number
  readonly sleeps: number[] = []

  constructor(start = Date.parse('2026-11-24T12:00:00Z')) {
    this.current = start
  }

  now(): number {
    return this.current
  }

  advance(ms: number): void {
    this.current += ms
  }

  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) throw signal.reason
    this.sleeps.push(ms)
    this.current += Math.max(0, ms)
    await Promise.resolve()
  }
}
