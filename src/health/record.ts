import type { ProbeRecord } from '../report/model.js'

/**
 * The probes kept for the report and the benchmark. A five-minute gate at 2s intervals makes ~150
 * probes; the record keeps the first few (how it started) and the last many (how it ended) and counts
 * all of them, so its size stays bounded whatever the timeout.
 */
export class ProbeLog {
  private readonly head: ProbeRecord[] = []
  private readonly tail: ProbeRecord[] = []
  private readonly keepFirst: number
  private readonly keepLast: number
  total = 0
  passes = 0

  constructor(keepFirst = 5, keepLast = 20) {
    this.keepFirst = keepFirst
    this.keepLast = keepLast
  }

  /**
   * Adds a probe; drops the oldest of the tail when the tail is full.
   * @param probe the probe's record
   */
  add(probe: ProbeRecord): void {
    this.total++
    if (probe.ok) this.passes++
    if (this.head.length < this.keepFirst) {
      this.head.push(probe)
      return
    }
    this.tail.push(probe)
    if (this.tail.length > this.keepLast) this.tail.shift()
  }

  /** The kept probes, oldest first. */
  list(): ProbeRecord[] {
    return [...this.head, ...this.tail]
  }
}
