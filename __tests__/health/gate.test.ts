/**
 * The health gate on a fake clock with scripted fetch: where to probe, consecutive passes, the version
 * proof, retry and backoff per failure class, failing fast on setup problems, the final message, the
 * bounded probe record, and cancellation.
 */
import { describe, expect, it } from '@jest/globals'
import { FakeClock } from '../../__fixtures__/clock.js'
import { scriptedFetch } from '../../__fixtures__/fetch.js'
import type { HealthConfig } from '../../src/config/inputs.js'
import { healthTarget, runHealthGate, type GateOptions } from '../../src/health/gate.js'
import { MemoryLogger } from '../../src/logger.js'
import { healthConfig } from '../../__fixtures__/health.js'

const health = healthConfig

const gate = (clock: FakeClock, fetch: typeof globalThis.fetch, config: HealthConfig, over: Partial<GateOptions> = {}) =>
  runHealthGate('https://web.up.railway.app/health', config, { fetch, clock, random: () => 0.5, log: new MemoryLogger(), ...over })

const NEW = '3f2a9c1e7b4d5f60812a3b4c5d6e7f8091a2b3c4'
const OLD = '0ld0ld0ld0ld0ld0ld0ld0ld0ld0ld0ld0ld0ld0'
const START = Date.parse('2026-11-24T12:00:00Z')
const netError = (code: string) => new TypeError('fetch failed', { cause: Object.assign(new Error(code), { code }) })

describe('healthTarget', () => {
  const endpoint = { customDomains: ['shop.example.com'], serviceDomains: ['web.up.railway.app'], healthcheckPath: '/healthz' }
  it('prefers health-url, then the custom domain, with Railway healthcheckPath', () => {
    expect(healthTarget(health({ url: 'https://x.test/h' }), endpoint).url).toBe('https://x.test/h')
    expect(healthTarget(health(), endpoint).url).toBe('https://shop.example.com/healthz')
    expect(healthTarget(health({ path: '/ping' }), { ...endpoint, customDomains: [] }).url).toBe('https://web.up.railway.app/ping')
    expect(healthTarget(health(), { customDomains: [], serviceDomains: ['a.b'], healthcheckPath: null }).url).toBe('https://a.b/health')
  })
  it('skips without a domain or with health-url: none', () => {
    const worker = healthTarget(health(), { customDomains: [], serviceDomains: [] })
    expect(worker.url).toBeUndefined()
    expect(worker.reason).toMatch(/stability rule \(stable-for\)/)
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
    expect(record.reason).toMatch(/^no healthy answer within health-timeout \(30\.0s, \d+ probes\): DNS name web\.up\.railway\.app not found \(ENOTFOUND\) for \d+\.\ds — has the domain been created\?/)
    expect(clock.now() - Date.parse('2026-11-24T12:00:00Z')).toBeLessThanOrEqual(30_000)
  })

  it('checks the body text', async () => {
    const fetch = scriptedFetch(() => new Response('{"status":"degraded"}', { status: 200 }))
    const record = await gate(new FakeClock(), fetch, health({ timeoutMs: 10_000, body: { kind: 'text', source: '"ok"', flags: '' } }))
    expect(record.verdict).toBe('failed')
    expect(record.lastChecks?.body).toBe(false)
  })
})

describe('runHealthGate: failure classes', () => {
  it('rides out DNS not found on a new domain, then passes when it resolves', async () => {
    const clock = new FakeClock()
    const fetch = scriptedFetch((_c, i) => {
      if (i < 4) throw netError('ENOTFOUND')
      return new Response(JSON.stringify({ commit: NEW }))
    })
    const record = await gate(clock, fetch, health({ version: NEW }), { since: START - 1_000 })
    expect(record.verdict).toBe('passed')
    const dns = 'DNS name web.up.railway.app not found (ENOTFOUND)'
    expect(record.probes.map((p) => p.detail)).toEqual([dns, dns, dns, dns, 'HTTP 200, version matched', 'HTTP 200, version matched'])
    expect(record.timeToHealthyMs).toBe(clock.now() - START + 1_000) // counted from SUCCESS, not from the gate's start
  })

  it('retries a cold-start 502 and connection refused until the app answers', async () => {
    const answers: Array<() => Response> = [
      () => { throw netError('ECONNREFUSED') },
      () => new Response('', { status: 502 }),
      () => new Response('', { status: 502 }),
      () => { throw netError('ECONNRESET') }
    ]
    const fetch = scriptedFetch((_c, i) => (answers[i] ?? (() => new Response('ok')))())
    const record = await gate(new FakeClock(), fetch, health())
    expect(record.verdict).toBe('passed')
    expect(record.totalProbes).toBe(6)
  })

  it('backs off transient failures exponentially with full jitter, capped at 4 intervals', async () => {
    const clock = new FakeClock()
    const fetch = scriptedFetch(() => new Response('', { status: 503 }))
    await gate(clock, fetch, health({ timeoutMs: 60_000 }), { random: () => 1 })
    // random 1 → the ceiling of each step: 2·interval, then the 4·interval cap.
    expect(clock.sleeps.slice(0, 4)).toEqual([4_000, 8_000, 8_000, 8_000])
    const low = new FakeClock()
    await gate(low, fetch, health({ timeoutMs: 10_000 }), { random: () => 0 })
    expect(new Set(low.sleeps)).toEqual(new Set([500])) // the floor: a quarter interval, never a busy loop
  })

  it('probes at the plain interval while an old version answers (the server is fine, the switch may come any moment)', async () => {
    const clock = new FakeClock()
    const fetch = scriptedFetch(() => new Response(JSON.stringify({ commit: OLD })))
    const record = await gate(clock, fetch, health({ version: NEW, timeoutMs: 20_000 }), { random: () => 1 })
    expect(new Set(clock.sleeps)).toEqual(new Set([2_000]))
    expect(record.verdict).toBe('failed')
    expect(record.reason).toMatch(/: version 0ld0ld0ld0ld answered instead of 3f2a9c1e7b4d for \d+\.\ds — traffic still reaches an older deployment/)
    expect(record.lastChecks).toEqual({ status: true, body: undefined, version: false })
  })

  it('honours Retry-After on 429', async () => {
    const clock = new FakeClock()
    const fetch = scriptedFetch((_c, i) => (i === 0 ? new Response('', { status: 429, headers: { 'retry-after': '9' } }) : new Response('ok')))
    expect((await gate(clock, fetch, health(), { random: () => 0 })).verdict).toBe('passed')
    expect(clock.sleeps[0]).toBe(9_000)
  })

  it('fails fast on a 404 that never heals, naming the path and how to fix it', async () => {
    const clock = new FakeClock()
    const fetch = scriptedFetch(() => new Response('not found', { status: 404 }))
    const record = await gate(clock, fetch, health({ timeoutMs: 300_000 }))
    expect(record.verdict).toBe('failed')
    expect(record.totalProbes).toBe(3)
    expect(record.reason).toBe('HTTP 404: /health not found on 3 probes in a row — is the path right? Set health-path (default: Railway healthcheckPath, else /health) or health-url')
    expect(clock.now() - START).toBeLessThan(300_000 / 10)
  })

  it('a setup failure between transient ones does not end the gate early', async () => {
    const statuses = [404, 404, 502, 404, 404, 200, 200]
    const fetch = scriptedFetch((_c, i) => new Response('', { status: statuses[i] ?? 200 }))
    expect((await gate(new FakeClock(), fetch, health())).verdict).toBe('passed')
  })

  it('fails fast on an untrusted certificate and on a redirect to another host', async () => {
    const tls = scriptedFetch(() => {
      throw netError('DEPTH_ZERO_SELF_SIGNED_CERT')
    })
    const tlsRecord = await gate(new FakeClock(), tls, health())
    expect(tlsRecord.reason).toMatch(/^the certificate of web\.up\.railway\.app is not trusted \(DEPTH_ZERO_SELF_SIGNED_CERT\) on 3 probes in a row — /)

    const redirect = scriptedFetch(() => new Response(null, { status: 302, headers: { location: 'https://example.com/health' } }))
    const redirectRecord = await gate(new FakeClock(), redirect, health())
    expect(redirectRecord.reason).toMatch(/redirects to another host, example\.com on 3 probes in a row/)
    expect(redirect.calls.every((c) => c.url.startsWith('https://web.up.railway.app/'))).toBe(true)
  })

  it('calls a flapping endpoint flapping', async () => {
    const fetch = scriptedFetch((_c, i) => new Response('', { status: i % 2 === 0 ? 200 : 503 }))
    const record = await gate(new FakeClock(), fetch, health({ timeoutMs: 20_000 }))
    expect(record.verdict).toBe('failed')
    expect(record.reason).toMatch(/^the endpoint flapped within health-timeout \(20\.0s, (\d+) probes\): \d+ passed but never 2 in a row; last failure: HTTP 503/)
  })

  it('fails with a reason, not a crash, when every probe passes but too few fit before the deadline', async () => {
    const fetch = scriptedFetch(() => new Response('ok'))
    const record = await gate(new FakeClock(), fetch, health({ successes: 5, intervalMs: 10_000, timeoutMs: 30_000 }))
    expect(record.verdict).toBe('failed')
    expect(record.reason).toMatch(/^only \d of 5 consecutive passes fit within health-timeout.*raise health-timeout or lower health-successes/)
  })

  it('never sleeps past health-timeout', async () => {
    for (const timeoutMs of [1_000, 7_000, 45_000]) {
      const clock = new FakeClock()
      await gate(clock, scriptedFetch(() => new Response('', { status: 502 })), health({ timeoutMs, intervalMs: 1_000 }), { random: Math.random })
      expect(clock.now() - START).toBeLessThanOrEqual(timeoutMs)
    }
  })

  it('stops at once when the job is cancelled', async () => {
    const job = new AbortController()
    const fetch = scriptedFetch((_c, i) => {
      if (i === 2) job.abort(new Error('cancelled'))
      return new Response('', { status: 503 })
    })
    await expect(gate(new FakeClock(), fetch, health(), { signal: job.signal })).rejects.toThrow('cancelled')
    expect(fetch.calls).toHaveLength(3)
  })
})

describe('runHealthGate: the record', () => {
  it('keeps the first and the last probes, counts all of them, and times each', async () => {
    const clock = new FakeClock()
    const fetch = scriptedFetch((_c, i) => new Response(JSON.stringify({ commit: i < 98 ? OLD : NEW })))
    const record = await gate(clock, fetch, health({ version: NEW, intervalMs: 1_000, timeoutMs: 600_000 }), { keepFirst: 3, keepLast: 5 })
    expect(record.verdict).toBe('passed')
    expect(record.totalProbes).toBe(100)
    expect(record.probes).toHaveLength(8)
    const seconds = record.probes.map((p) => (Date.parse(p.at) - START) / 1000)
    expect(seconds).toEqual([0, 1, 2, 95, 96, 97, 98, 99])
    expect(record.probes.every((p) => typeof p.latencyMs === 'number')).toBe(true)
    expect(record.probes.at(-1)).toMatchObject({ ok: true, status: 200, detail: 'HTTP 200, version matched' })
  })
})
