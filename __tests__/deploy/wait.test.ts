/** waitForDeployment on a fake clock by polling: terminal statuses, timeline durations, deadlines, transient reads. */
import { describe, expect, it } from '@jest/globals'
import { FakeClock } from '../../__fixtures__/clock.js'
import { gql, json, scriptedFetch } from '../../__fixtures__/fetch.js'
import { Deadline } from '../../src/clock.js'
import { railwaySources } from '../../src/deploy/sources.js'
import { waitForDeployment } from '../../src/deploy/wait.js'
import { MemoryLogger } from '../../src/logger.js'
import { RailwayClient } from '../../src/railway/client.js'

/** A deployment whose status follows `steps` (status from virtual time `at` on). */
function scripted(clock: FakeClock, steps: Array<[number, string]>, faults: (i: number) => Response | undefined = () => undefined) {
  const start = clock.now()
  return scriptedFetch((_call, i) => {
    const fault = faults(i)
    if (fault) return fault
    const elapsed = clock.now() - start
    const status = [...steps].reverse().find(([at]) => elapsed >= at)?.[1] ?? steps[0][1]
    return gql({ deployment: { id: 'd1', status, createdAt: new Date(start).toISOString(), meta: { commitHash: 'abc' } } })
  })
}

function wait(clock: FakeClock, fetch: typeof globalThis.fetch, timeoutMs = 60_000, insideWorkflow = false) {
  const log = new MemoryLogger()
  const client = new RailwayClient({ apiUrl: 'http://127.0.0.1:1', token: 't', tokenKind: 'project', fetch, clock, random: () => 0.5, log })
  // No webSocket in deps: polling only.
  return waitForDeployment(railwaySources(client, { clock, log }), 'd1', {
    deadline: new Deadline(clock, timeoutMs),
    pollIntervalMs: 5_000,
    clock,
    log,
    insideWorkflow
  })
}

describe('waitForDeployment (polling)', () => {
  it('follows statuses to SUCCESS and keeps the timeline with durations', async () => {
    const clock = new FakeClock()
    const outcome = await wait(clock, scripted(clock, [[0, 'BUILDING'], [20_000, 'DEPLOYING'], [30_000, 'SUCCESS']]))
    expect(outcome.verdict).toBe('success')
    expect(outcome.followedBy).toBe('polling')
    expect(outcome.timeline.map((t) => t.status)).toEqual(['BUILDING', 'DEPLOYING', 'SUCCESS'])
    // Reads every 7.5 s while BUILDING (1.5 × the 5 s base), every 2.5 s once DEPLOYING (0.5 ×).
    expect(outcome.timeline[0].durationMs).toBe(22_500)
    expect(outcome.timeline[1].durationMs).toBe(7_500)
  })

  it.each(['FAILED', 'CRASHED', 'REMOVED', 'SKIPPED'])('ends at once on %s', async (status) => {
    const clock = new FakeClock()
    const outcome = await wait(clock, scripted(clock, [[0, 'BUILDING'], [10_000, status]]))
    expect(outcome.verdict).toBe('failure')
    expect(outcome.message).toContain(status === 'SKIPPED' ? 'skipped' : status)
  })

  it('outside a workflow, WAITING times out and explains Wait for CI', async () => {
    const clock = new FakeClock()
    const outcome = await wait(clock, scripted(clock, [[0, 'WAITING']]), 30_000)
    expect(outcome.verdict).toBe('timeout')
    expect(outcome.message).toMatch(/still WAITING.*Wait for CI/)
    expect(clock.now() - Date.parse('2026-11-24T12:00:00Z')).toBeLessThanOrEqual(30_000)
  })

  it('inside the workflow, WAITING past the grace period is reported as the deadlock long before the timeout', async () => {
    const clock = new FakeClock()
    const started = clock.now()
    const outcome = await wait(clock, scripted(clock, [[0, 'WAITING']]), 15 * 60_000, true)
    expect(outcome.verdict).toBe('failure')
    expect(outcome.message).toMatch(/WAITING for 50\.0s: a deadlock, detected early.*Wait for CI/)
    expect(clock.now() - started).toBe(50_000) // ten poll intervals of 5 s
  })

  it('a brief WAITING inside the workflow is not a deadlock', async () => {
    const clock = new FakeClock()
    const outcome = await wait(clock, scripted(clock, [[0, 'WAITING'], [20_000, 'BUILDING'], [40_000, 'SUCCESS']]), 15 * 60_000, true)
    expect(outcome.verdict).toBe('success')
  })

  it.each(['NEEDS_APPROVAL', 'QUEUED', 'SLEEPING'])('%s is bounded by the timeout and named', async (status) => {
    const clock = new FakeClock()
    const outcome = await wait(clock, scripted(clock, [[0, status]]), 20_000, true)
    expect(outcome.verdict).toBe('timeout')
    expect(outcome.message).toContain(`still ${status}. ${status}:`)
  })

  it('never treats an unknown status as success', async () => {
    const clock = new FakeClock()
    const outcome = await wait(clock, scripted(clock, [[0, 'TELEPORTING']]), 20_000)
    expect(outcome.verdict).toBe('timeout')
    expect(outcome.message).toMatch(/TELEPORTING is a status this action does not know/)
  })

  it('rides out transient read failures', async () => {
    const clock = new FakeClock()
    const outcome = await wait(clock, scripted(clock, [[0, 'BUILDING'], [10_000, 'SUCCESS']], (i) => (i === 1 || i === 2 ? json({}, 502) : undefined)))
    expect(outcome.verdict).toBe('success')
  })

  it('honours Retry-After on a 429 while polling', async () => {
    const clock = new FakeClock()
    const fetch = scripted(clock, [[0, 'BUILDING'], [10_000, 'SUCCESS']], (i) => (i === 1 ? json({}, 429, { 'retry-after': '42' }) : undefined))
    const outcome = await wait(clock, fetch)
    expect(outcome.verdict).toBe('success')
    expect(clock.sleeps.some((ms) => ms >= 42_000 && ms < 42_250)).toBe(true)
  })
})
