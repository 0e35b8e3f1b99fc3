/**
 * The health gate end to end: the bundled action (`node dist/index.js`) against the sandbox, whose
 * sample app serves real HTTPS on 127.0.0.1 and misbehaves per scenario. Asserts the verdict, the
 * message that names the cause, the probe record in the job summary, and — from the app's own hit
 * log — when and what the probes saw. For DNS, the action's resolver is made not to know `localhost`
 * for a while (sandbox/dns-late.mjs, loaded into the action's process like a runner's own resolver).
 */
import { describe, expect, it } from '@jest/globals'
import { HEAD_SHA, runAction, startSandbox, type RunResult } from '../../sandbox/index.ts'
import type { AppHit } from '../../sandbox/sample-app.ts'
import { PREVIOUS_COMMIT } from '../../sandbox/scenarios/index.ts'

interface Outcome {
  result: RunResult
  hits: AppHit[]
  /** When the fake Railway set our deployment to SUCCESS. */
  successAt?: number
}

/** Runs one scenario in its own sandbox (tests run concurrently) and returns what happened. */
async function run(scenario: string, inputs: Record<string, string> = {}): Promise<Outcome> {
  const sandbox = await startSandbox(scenario)
  try {
    const result = await runAction(sandbox, { inputs })
    const ours = sandbox.railway.deployments.find((d) => d.commitHash === HEAD_SHA)
    return { result, hits: [...sandbox.apps.values()][0].hits, successAt: ours?.history.find((h) => h.status === 'SUCCESS')?.at }
  } finally {
    await sandbox.stop()
  }
}

const healthHits = (hits: AppHit[]) => hits.filter((h) => h.path === '/health')

describe('the health gate on the sandbox', () => {
  it.concurrent('a new domain that resolves only after a while: ENOTFOUND is retried, then the gate passes', async () => {
    const { result, hits } = await run('health-dns-late')
    expect(result.outputs.result).toBe('success')
    expect(result.outputs.health).toBe('passed')
    const probes = (JSON.parse(result.outputs.report) as { services: Array<{ health: { probes: Array<{ detail: string; ok: boolean }> } }> }).services[0].health.probes
    expect(probes.slice(0, 3).map((p) => p.ok)).toEqual([false, false, false])
    for (const probe of probes.slice(0, 3)) expect(probe.detail).toContain('ENOTFOUND')
    expect(probes.at(-1)?.ok).toBe(true)
    expect(healthHits(hits).length).toBeGreaterThanOrEqual(2) // the app saw only the probes that resolved
  })

  it.concurrent('a domain that never resolves: fails at health-timeout, naming DNS and the fix', async () => {
    const { result, hits } = await run('health-dns-never')
    expect(result.outputs.result).toBe('failure')
    expect(result.summary).toMatch(/DNS name localhost not found \(ENOTFOUND\) for [\d.]+s — has the domain been created\?/)
    expect(healthHits(hits)).toHaveLength(0)
  })

  it.concurrent('never probes before our deployment is SUCCESS', async () => {
    const { result, hits, successAt } = await run('healthy')
    expect(result.outputs.health).toBe('passed')
    expect(successAt).toBeDefined()
    expect(hits.length).toBeGreaterThanOrEqual(2)
    for (const hit of hits) expect(hit.at).toBeGreaterThanOrEqual(successAt!)
    expect(result.summary).toMatch(/\d+ probes? · healthy after \d+/)
  })

  it.concurrent('old version answering after the switch: with health-version the gate passes only once the new commit answers', async () => {
    const { result, hits, successAt } = await run('health-old-version-then-new')
    expect(result.exitCode).toBe(0)
    expect(result.outputs.health).toBe('passed')
    const commits = healthHits(hits).map((h) => h.commit)
    expect(commits[0]).toBe(PREVIOUS_COMMIT) // the old deployment did answer 200 first...
    expect(commits.slice(-2)).toEqual([HEAD_SHA, HEAD_SHA]) // ...and the gate passed on two answers of ours,
    expect(commits.indexOf(HEAD_SHA)).toBe(commits.length - 2) // the first two of ours: never on an old one
    for (const hit of hits) expect(hit.at).toBeGreaterThanOrEqual(successAt!)
    expect(result.summary).toMatch(/last probe: status ✓, version ✓/)
  })

  it.concurrent('without health-version, an old version answering 200 would pass: the false green health-version prevents', async () => {
    const { result, hits } = await run('health-wrong-version', { 'health-version': '', 'health-timeout': '10s' })
    expect(result.outputs.health).toBe('passed')
    expect(healthHits(hits).every((h) => h.commit === PREVIOUS_COMMIT)).toBe(true)
  })

  it.concurrent('a wrong version forever fails and says which version answered', async () => {
    const { result, hits } = await run('health-wrong-version')
    expect(result.exitCode).toBe(1)
    expect(result.outputs.health).toBe('failed')
    expect(result.summary).toContain(`version ${PREVIOUS_COMMIT.slice(0, 12)} answered instead of ${HEAD_SHA.slice(0, 12)}`)
    expect(result.summary).toMatch(/no healthy answer within health-timeout \(1\.5s, \d+ probes\)/)
    expect(hits.length).toBeGreaterThanOrEqual(3)
  })

  it.concurrent('slow start: 503s until the app is up, then the gate passes', async () => {
    const { result, hits } = await run('health-slow-start')
    expect(result.outputs.health).toBe('passed')
    const statuses = healthHits(hits).map((h) => h.status)
    expect(statuses).toContain(503)
    expect(statuses.slice(-2)).toEqual([200, 200])
  })

  it.concurrent('cold start: 502s from the edge, retried until the app answers', async () => {
    const { result, hits } = await run('health-cold-start')
    expect(result.outputs.health).toBe('passed')
    const statuses = healthHits(hits).map((h) => h.status)
    expect(statuses).toContain(502)
    expect(statuses.slice(-2)).toEqual([200, 200])
  })

  it.concurrent('flapping: never two passes in a row, failed as flapping', async () => {
    const { result, hits } = await run('health-flapping')
    expect(result.outputs.health).toBe('failed')
    expect(result.summary).toMatch(/the endpoint flapped within health-timeout \(1\.5s, \d+ probes\): \d+ passed but never 2 in a row/)
    expect(new Set(healthHits(hits).map((h) => h.status))).toEqual(new Set([200, 503]))
  })

  it.concurrent('a 404 that never heals fails fast, naming health-path', async () => {
    const { result, hits } = await run('health-not-found')
    expect(result.outputs.health).toBe('failed')
    expect(result.summary).toContain('HTTP 404: /health not found on 3 probes in a row — is the path right? Set health-path')
    expect(hits).toHaveLength(3) // not health-timeout's worth of probes
  })

  it.concurrent('a redirect to another host is not followed and the host is named', async () => {
    const { result, hits } = await run('health-redirect-other-host')
    expect(result.outputs.health).toBe('failed')
    expect(result.summary).toContain('HTTP 302: /health redirects to another host, example.com on 3 probes in a row')
    expect(hits.every((h) => h.path === '/health')).toBe(true)
  })

  it.concurrent('a same-host redirect is followed', async () => {
    const { result, hits } = await run('health-redirect-same-host')
    expect(result.outputs.health).toBe('passed')
    expect(hits.map((h) => h.path).slice(0, 2)).toEqual(['/health', '/ready'])
  })

  it.concurrent('a redirect loop stops after 5 hops per probe', async () => {
    const { result, hits } = await run('health-redirect-loop')
    expect(result.outputs.health).toBe('failed')
    expect(result.summary).toContain('more than 5 redirects from /health')
    expect(hits).toHaveLength(3 * 6)
  })

  it.concurrent('a body that never ends is cut at 64 KiB and fails the gate', async () => {
    const { result } = await run('health-endless-body')
    expect(result.exitCode).toBe(1)
    expect(result.outputs.health).toBe('failed')
    expect(result.summary).toContain('the body from /health did not end within 64 KiB on 3 probes in a row')
  })

  it.concurrent('an untrusted certificate fails the gate, named; TLS is never skipped', async () => {
    const { result, hits } = await run('health-untrusted-cert')
    expect(result.outputs.health).toBe('failed')
    expect(result.summary).toMatch(/the certificate of 127\.0\.0\.1:\d+ is not trusted \(DEPTH_ZERO_SELF_SIGNED_CERT\) on 3 probes in a row/)
    expect(hits).toHaveLength(0) // no request ever reached the app
  })

  it.concurrent('an endpoint that never answers: each probe ends at its timeout, the gate at health-timeout', async () => {
    const { result, hits } = await run('health-hang')
    expect(result.outputs.health).toBe('failed')
    expect(result.summary).toMatch(/no healthy answer within health-timeout \(1\.0s, \d+ probes?\): no complete answer from 127\.0\.0\.1:\d+ within/)
    expect(hits.length).toBeGreaterThanOrEqual(1)
  })
})
