/** The follower and the wait with a scripted subscription feed and scripted polling, on a fake clock. */
import { describe, expect, it } from '@jest/globals'
import { FakeClock } from '../../__fixtures__/clock.js'
import { Deadline } from '../../src/clock.js'
import type { DeploymentFeed, DeploymentSources, FeedEvent } from '../../src/deploy/feed.js'
import { FEED_HANDSHAKE_MS, pollInterval } from '../../src/deploy/follow.js'
import { watchStability } from '../../src/deploy/stability.js'
import { waitForDeployment } from '../../src/deploy/wait.js'
import { MemoryLogger } from '../../src/logger.js'
import type { DeploymentState } from '../../src/railway/schemas.js'

const state = (status: string): DeploymentState => ({ id: 'd1', status, createdAt: '2026-11-24T12:00:00Z' })

/** A feed that delivers `events` at virtual times (ms after opening); time moves only as `next` waits. */
function scriptedFeed(clock: FakeClock, events: Array<[number, FeedEvent]>): DeploymentFeed & { closed: boolean } {
  const start = clock.now()
  const queue = [...events]
  return {
    closed: false,
    async next(waitMs) {
      const due = queue[0]
      if (due && start + due[0] <= clock.now() + waitMs) {
        queue.shift()
        clock.current = Math.max(clock.now(), start + due[0])
        return due[1]
      }
      clock.advance(waitMs)
      return { kind: 'idle' }
    },
    close() {
      this.closed = true
    }
  }
}

/** Polling that answers the status scripted for the current virtual time, counting reads. */
function sources(clock: FakeClock, steps: Array<[number, string]>, feed?: DeploymentFeed, remaining?: () => number | undefined) {
  const start = clock.now()
  const polls: number[] = []
  const s: DeploymentSources = {
    openFeed: feed ? () => feed : undefined,
    poll: async () => {
      polls.push(clock.now() - start)
      return state([...steps].reverse().find(([at]) => clock.now() - start >= at)?.[1] ?? steps[0][1])
    },
    rateLimitRemaining: remaining ?? (() => undefined)
  }
  return { sources: s, polls }
}

const options = (clock: FakeClock, timeoutMs = 600_000) => ({
  deadline: new Deadline(clock, timeoutMs),
  pollIntervalMs: 10_000,
  clock,
  log: new MemoryLogger(),
  insideWorkflow: true
})

describe('waitForDeployment with a subscription', () => {
  it('follows pushed states to SUCCESS without a single poll, noticing the end when it is pushed', async () => {
    const clock = new FakeClock()
    const start = clock.now()
    const feed = scriptedFeed(clock, [
      [0, { kind: 'state', state: state('BUILDING') }],
      [95_000, { kind: 'state', state: state('DEPLOYING') }],
      [123_456, { kind: 'state', state: state('SUCCESS') }]
    ])
    const { sources: src, polls } = sources(clock, [[0, 'BUILDING']], feed)
    const outcome = await waitForDeployment(src, 'd1', options(clock))
    expect(outcome.verdict).toBe('success')
    expect(outcome.followedBy).toBe('subscription')
    expect(outcome.endedAt - start).toBe(123_456)
    expect(polls).toHaveLength(0)
    expect(feed.closed).toBe(true)
  })

  it('falls back to polling when the socket closes early, and the wait stays correct', async () => {
    const clock = new FakeClock()
    const feed = scriptedFeed(clock, [
      [0, { kind: 'state', state: state('BUILDING') }],
      [5_000, { kind: 'closed', reason: 'the WebSocket closed (1006)' }]
    ])
    const { sources: src, polls } = sources(clock, [[0, 'BUILDING'], [60_000, 'SUCCESS']], feed)
    const outcome = await waitForDeployment(src, 'd1', options(clock))
    expect(outcome.verdict).toBe('success')
    expect(outcome.followedBy).toBe('polling')
    expect(polls[0]).toBe(5_000) // a read at once on fallback
    expect(polls.at(-1)).toBe(65_000)
  })

  it('polls instead when the subscription says nothing within the handshake bound', async () => {
    const clock = new FakeClock()
    const feed = scriptedFeed(clock, [])
    const { sources: src, polls } = sources(clock, [[0, 'SUCCESS']], feed)
    const outcome = await waitForDeployment(src, 'd1', options(clock))
    expect(outcome.verdict).toBe('success')
    expect(polls).toEqual([FEED_HANDSHAKE_MS])
  })

  it('detects the WAITING deadlock with a silent subscription (no events after WAITING)', async () => {
    const clock = new FakeClock()
    const feed = scriptedFeed(clock, [[0, { kind: 'state', state: state('WAITING') }]])
    const { sources: src } = sources(clock, [[0, 'WAITING']], feed)
    const outcome = await waitForDeployment(src, 'd1', options(clock))
    expect(outcome.verdict).toBe('failure')
    expect(outcome.message).toMatch(/WAITING for 1m 00s: a deadlock/)
  })

  it('a silent subscription never waits past the deadline', async () => {
    const clock = new FakeClock()
    const start = clock.now()
    const feed = scriptedFeed(clock, [[0, { kind: 'state', state: state('QUEUED') }]])
    const { sources: src } = sources(clock, [[0, 'QUEUED']], feed)
    const outcome = await waitForDeployment(src, 'd1', options(clock, 90_000))
    expect(outcome.verdict).toBe('timeout')
    expect(outcome.message).toContain('still QUEUED')
    expect(clock.now() - start).toBe(90_000)
  })
})

describe('pollInterval', () => {
  it('keeps the base interval with budget to spare, and stretches it as the budget runs low', () => {
    expect(pollInterval(10_000, undefined)).toBe(10_000)
    expect(pollInterval(10_000, 500)).toBe(10_000)
    expect(pollInterval(10_000, 99)).toBe(20_000)
    expect(pollInterval(10_000, 49)).toBe(40_000)
    expect(pollInterval(10_000, 5)).toBe(80_000)
    expect(pollInterval(60_000, 0)).toBe(300_000) // capped at five minutes
    expect(pollInterval(600_000, 0)).toBe(600_000) // a budget never shortens a long base
  })

  it('reads twice as often while DEPLOYING, less often while building, never closer than 1s', () => {
    expect(pollInterval(10_000, undefined, 'DEPLOYING')).toBe(5_000)
    expect(pollInterval(10_000, undefined, 'BUILDING')).toBe(15_000)
    expect(pollInterval(10_000, undefined, 'INITIALIZING')).toBe(10_000)
    expect(pollInterval(10_000, 49, 'DEPLOYING')).toBe(20_000) // the budget still slows it down
    expect(pollInterval(1_500, undefined, 'DEPLOYING')).toBe(1_000)
    expect(pollInterval(100, undefined, 'DEPLOYING')).toBe(100) // a base below the floor is the user's choice
  })

  it('polling slows down when Railway reports a low X-RateLimit-Remaining', async () => {
    const clock = new FakeClock()
    const { sources: src, polls } = sources(clock, [[0, 'BUILDING'], [200_000, 'SUCCESS']], undefined, () => 30)
    await waitForDeployment(src, 'd1', options(clock))
    // 10 s base × 1.5 while BUILDING × 4 with 30 requests left.
    expect(polls.slice(0, 3)).toEqual([0, 60_000, 120_000])
  })
})

describe('watchStability', () => {
  it('passes when the deployment stays SUCCESS for the window', async () => {
    const clock = new FakeClock()
    const feed = scriptedFeed(clock, [[0, { kind: 'state', state: state('SUCCESS') }]])
    const { sources: src, polls } = sources(clock, [[0, 'SUCCESS']], feed)
    const outcome = await watchStability(src, 'd1', 30_000, { pollIntervalMs: 5_000, clock, log: new MemoryLogger() })
    expect(outcome).toEqual({ stable: true, afterMs: 30_000 })
    expect(polls).toHaveLength(0)
  })

  it('fails on CRASHED inside the window (polling)', async () => {
    const clock = new FakeClock()
    const { sources: src } = sources(clock, [[0, 'SUCCESS'], [12_000, 'CRASHED']])
    const outcome = await watchStability(src, 'd1', 30_000, { pollIntervalMs: 5_000, clock, log: new MemoryLogger() })
    expect(outcome).toEqual({ stable: false, status: 'CRASHED', afterMs: 15_000 })
  })
})
