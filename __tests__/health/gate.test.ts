/** The health gate on a fake clock: where to probe, consecutive passes, version proof, deadlines. */
import { describe, expect, it } from '@jest/globals'
import { FakeClock } from '../../__fixtures__/clock.js'
import { scriptedFetch } from '../../__fixtures__/fetch.js'
import type { HealthConfig } from '../../src/config/inputs.js'
import { healthTarget, runHealthGate } from '../../src/health/gate.js'
import { MemoryLogger } from '../../src/logger.js'

const health = (over: Partial<HealthConfig> = {}): HealthConfig => ({
  statuses: [{ min: 200, max: 200 }],
  successes: 2,
  intervalMs: 2_000,
  timeoutMs: 60_000,
  ...over
})

const gate = (clock: FakeClock, fetch: typeof globalThis.fetch, config: HealthConfig) =>
  runHealthGate('https://web.up.railway.app/health', config, { fetch, clock, random: () => 0.5, log: new MemoryLogger() })

describe('healthTarget', () => {
  const endpoint = { customDomains: ['shop.example.com'], serviceDomains: ['web.up.railway.app'], healthcheckPath: '/healthz' }
  it('prefers health-url, then the custom domain, with Railway healthcheckPath', () => {
    expect(healthTarget(health({ url: 'https://x.test/h' }), endpoint).url).toBe('https://x.test/h')
    expect(healthTarget(health(), endpoint).url).toBe('https://shop.example.com/healthz')
    expect(healthTarget(health({ path: '/ping' }), { ...endpoint, customDomains: [] }).url).toBe('https://web.up.railway.app/ping')
    expect(healthTarget(health(), { customDomains: [], serviceDomains: ['a.b'], healthcheckPath: null }).url).toBe('https://a.b/health')
  })
  it('skips without a domain or with health-url: none', () => {
    expect(healthTarget(health(), { customDomains: [], serviceDomains: [] }).url).toBeUndefined()
    const none = healthTarget(health({ url: 'none' }), endpoint)
    expect(none.url).toBeUndefined()
    expect(none.publicUrl).toBe('https://shop.example.com')
  })
})

describe('runHealthGate', () => {
  it('passes after N consecutive passes; a failure resets the count', async () => {
    const clock = new FakeClock()
    const answers = [200, 503, 200, 200]
    const fetch = scriptedFetch((_c, i) => new Response('ok', { status: answers[i] ?? 200 }))
    const record = await gate(clock, fetch, health())
    expect(record.verdict).toBe('passed')
    expect(record.probes.map((p) => p.ok)).toEqual([true, false, true, true])
    expect(record.totalProbes).toBe(4)
  })

  it('requires the version in the body or a header', async () => {
    const clock = new FakeClock()
    let switched = false
    const fetch = scriptedFetch((_c, i) => {
      if (i === 3) switched = true
      return new Response(JSON.stringify({ commit: switched ? 'new-sha' : 'old-sha' }), { status: 200 })
    })
    const record = await gate(clock, fetch, health({ version: 'new-sha' }))
    expect(record.verdict).toBe('passed')
    expect(record.probes.slice(0, 3).every((p) => !p.ok)).toBe(true)
    expect(record.lastChecks).toEqual({ status: true, body: undefined, version: true })

    const viaHeader = scriptedFetch(() => new Response('{}', { status: 200, headers: { 'x-commit': 'new-sha' } }))
    expect((await gate(new FakeClock(), viaHeader, health({ version: 'new-sha' }))).verdict).toBe('passed')
  })

  it('fails at the deadline naming the last error', async () => {
    const clock = new FakeClock()
    const fetch = scriptedFetch(() => {
      throw new TypeError('fetch failed', { cause: { code: 'ENOTFOUND' } })
    })
    const record = await gate(clock, fetch, health({ timeoutMs: 30_000 }))
    expect(record.verdict).toBe('failed')
    expect(record.reason).toMatch(/ENOTFOUND/)
    expect(clock.now() - Date.parse('2026-11-24T12:00:00Z')).toBeLessThanOrEqual(30_000)
  })

  it('checks the body text', async () => {
    const fetch = scriptedFetch(() => new Response('{"status":"degraded"}', { status: 200 }))
    const record = await gate(new FakeClock(), fetch, health({ timeoutMs: 10_000, body: { kind: 'text', source: '"ok"', flags: '' } }))
    expect(record.verdict).toBe('failed')
    expect(record.lastChecks?.body).toBe(false)
  })
})
