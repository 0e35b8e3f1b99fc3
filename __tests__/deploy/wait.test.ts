/** waitForDeployment on a fake clock: terminal statuses, timeline durations, deadlines, transient reads. */
import { describe, expect, it } from '@jest/globals'
import { FakeClock } from '../../__fixtures__/clock.js'
import { gql, json, scriptedFetch } from '../../__fixtures__/fetch.js'
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

function wait(clock: FakeClock, fetch: typeof globalThis.fetch, timeoutMs = 60_000) {
  const client = new RailwayClient({ apiUrl: 'http://127.0.0.1:1', token: 't', tokenKind: 'project', fetch, clock, random: () => 0.5, log: new MemoryLogger() })
  return waitForDeployment(client, 'd1', { timeoutMs, pollIntervalMs: 5_000, clock, log: new MemoryLogger() })
}

describe('waitForDeployment', () => {
  it('follows statuses to SUCCESS and keeps the timeline with durations', async () => {
    const clock = new FakeClock()
    const outcome = await wait(clock, scripted(clock, [[0, 'BUILDING'], [20_000, 'DEPLOYING'], [30_000, 'SUCCESS']]))
    expect(outcome.verdict).toBe('success')
    expect(outcome.timeline.map((t) => t.status)).toEqual(['BUILDING', 'DEPLOYING', 'SUCCESS'])
    expect(outcome.timeline[0].durationMs).toBe(20_000)
    expect(outcome.timeline[1].durationMs).toBe(10_000)
  })

  it.each(['FAILED', 'CRASHED', 'REMOVED', 'SKIPPED'])('ends at once on %s', async (status) => {
    const clock = new FakeClock()
    const outcome = await wait(clock, scripted(clock, [[0, 'BUILDING'], [10_000, status]]))
    expect(outcome.verdict).toBe('failure')
    expect(outcome.message).toContain(status === 'SKIPPED' ? 'skipped' : status)
  })

  it('times out on WAITING and explains Wait for CI', async () => {
    const clock = new FakeClock()
    const outcome = await wait(clock, scripted(clock, [[0, 'WAITING']]), 30_000)
    expect(outcome.verdict).toBe('timeout')
    expect(outcome.message).toMatch(/still WAITING.*Wait for CI/)
    expect(clock.now() - Date.parse('2026-11-24T12:00:00Z')).toBeLessThanOrEqual(30_000)
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
})
