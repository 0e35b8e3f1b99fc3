/** The benchmark's own statistics: medians and spreads must be right before any number is believed. */
import { describe, expect, it } from '@jest/globals'
import { median, quantile, ratio, seededRandom, summarize } from '../../bench/stats.ts'
import { cell } from '../../bench/report.ts'

describe('bench statistics', () => {
  it('median of odd and even samples, whatever the order', () => {
    expect(median([5, 1, 3])).toBe(3)
    expect(median([4, 1, 3, 2])).toBe(2.5)
    expect(median([7])).toBe(7)
    expect(median([])).toBeNaN()
  })

  it('quantiles interpolate between sorted neighbours', () => {
    const values = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110]
    expect(quantile(values, 0)).toBe(10)
    expect(quantile(values, 1)).toBe(110)
    expect(quantile(values, 0.1)).toBe(20)
    expect(quantile(values, 0.9)).toBe(100)
    expect(quantile([0, 10], 0.25)).toBe(2.5)
    expect(() => quantile(values, 1.5)).toThrow(RangeError)
  })

  it('summarize gives n, median, p10–p90 and min–max', () => {
    const summary = summarize([3, 1, 2, 100])
    expect(summary).toMatchObject({ n: 4, median: 2.5, min: 1, max: 100 })
    expect(summary.p10).toBeCloseTo(1.3, 10)
    expect(summary.p90).toBeCloseTo(70.9, 10)
    expect(summarize([]).n).toBe(0)
  })

  it('ratio is ours/baseline of the medians, undefined without a usable baseline', () => {
    expect(ratio(summarize([1, 2, 3]), summarize([4, 4, 4]))).toBe(0.5)
    expect(ratio(summarize([1]), summarize([0]))).toBeUndefined()
    expect(ratio(summarize([1]), undefined)).toBeUndefined()
  })

  it('the seeded stream repeats for a seed and differs between seeds', () => {
    const a = seededRandom(7)
    const b = seededRandom(7)
    const first = [a(), a(), a()]
    expect([b(), b(), b()]).toEqual(first)
    expect(seededRandom(8)()).not.toBe(first[0])
    expect(first.every((x) => x >= 0 && x < 1)).toBe(true)
  })

  it('a table cell shows the median and the spread, or one number when there is no spread', () => {
    expect(cell(summarize([100, 200, 300]))).toBe('200 (120–280)')
    expect(cell(summarize([4, 4]))).toBe('4.00')
    expect(cell(summarize([]))).toBe('—')
  })
})
