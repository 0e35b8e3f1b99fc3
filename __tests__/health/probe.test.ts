/**
 * One probe against scripted fetch: every failure class (DNS, refused, reset, timeout, TLS, statuses,
 * redirects, endless and stalled bodies, catastrophic regex), the version proof and its mismatch
 * message, and what the probe sends. No network, no real waiting: timeouts are fired by the test.
 */
import { describe, expect, it } from '@jest/globals'
import { scriptedFetch } from '../../__fixtures__/fetch.js'
import { probeOnce, type ProbeOptions } from '../../src/health/probe.js'
import { healthConfig } from '../../__fixtures__/health.js'

const URL_ = 'https://web.up.railway.app/health'
const NEW = '3f2a9c1e7b4d5f60812a3b4c5d6e7f8091a2b3c4'
const OLD = '0ld0ld0ld0ld0ld0ld0ld0ld0ld0ld0ld0ld0ld0'

const health = healthConfig

const options = (fetch: typeof globalThis.fetch, over: Partial<ProbeOptions> = {}): ProbeOptions => ({
  fetch,
  now: () => 0,
  requestTimeoutMs: 10_000,
  maxBodyBytes: 64 * 1024,
  ...over
})

const networkError = (code: string) => new TypeError('fetch failed', { cause: Object.assign(new Error(code), { code }) })

describe('probeOnce: what passes', () => {
  it('passes on an accepted status with the version in the body', async () => {
    const fetch = scriptedFetch(() => new Response(JSON.stringify({ status: 'ok', commit: NEW })))
    const result = await probeOnce(URL_, health({ version: NEW }), options(fetch))
    expect(result).toMatchObject({ ok: true, status: 200, detail: 'HTTP 200, version matched', checks: { status: true, version: true } })
  })

  it('accepts a short SHA reported in a version field', async () => {
    const fetch = scriptedFetch(() => new Response(JSON.stringify({ version: NEW.slice(0, 7) })))
    expect((await probeOnce(URL_, health({ version: NEW }), options(fetch))).ok).toBe(true)
  })

  it('names the version that answered instead, from the JSON body or a commit header', async () => {
    const viaBody = scriptedFetch(() => new Response(JSON.stringify({ build: { sha: OLD } })))
    const r1 = await probeOnce(URL_, health({ version: NEW }), options(viaBody))
    expect(r1.ok).toBe(false)
    expect(r1.transient).toBe(true)
    expect(r1.answeredVersion).toBe(OLD)
    expect(r1.detail).toBe(`HTTP 200, version ${OLD.slice(0, 12)} answered instead of ${NEW.slice(0, 12)}`)
    expect(r1.checks).toEqual({ status: true, body: undefined, version: false })

    const viaHeader = scriptedFetch(() => new Response('ok', { headers: { 'x-app-commit': OLD } }))
    const r2 = await probeOnce(URL_, health({ version: NEW }), options(viaHeader))
    expect(r2.failure?.words).toContain(`version ${OLD.slice(0, 12)} answered`)
  })

  it('says so when the answer names no version at all', async () => {
    const fetch = scriptedFetch(() => new Response('ok'))
    const result = await probeOnce(URL_, health({ version: NEW }), options(fetch))
    expect(result.errorClass).toBe('version not found')
    expect(result.failure?.hint).toMatch(/report its commit/)
  })

  it('checks health-body as text and as a regular expression', async () => {
    const fetch = scriptedFetch(() => new Response('{"status":"ok","db":"up"}'))
    expect((await probeOnce(URL_, health({ body: { kind: 'text', source: '"db":"up"', flags: '' } }), options(fetch))).ok).toBe(true)
    expect((await probeOnce(URL_, health({ body: { kind: 'regex', source: '"status":\\s*"OK"', flags: 'i' } }), options(fetch))).ok).toBe(true)
    const miss = await probeOnce(URL_, health({ body: { kind: 'regex', source: '"db":"down"', flags: '' } }), options(fetch))
    expect(miss).toMatchObject({ ok: false, transient: true, errorClass: 'body mismatch', checks: { body: false } })
    expect(miss.detail).toContain('does not match /"db":"down"/')
  })

  it('stops a catastrophic regex at its time limit instead of hanging', async () => {
    const fetch = scriptedFetch(() => new Response('a'.repeat(5_000) + '!'))
    const result = await probeOnce(URL_, health({ body: { kind: 'regex', source: '(a+)+$', flags: '' } }), options(fetch, { regexTimeoutMs: 50 }))
    expect(result.ok).toBe(false)
    expect(result.errorClass).toBe('pattern too slow')
    expect(result.transient).toBe(false)
    expect(result.detail).toContain('/(a+)+$/ ran past its time limit (500ms)')
  })

  it('sends a User-Agent, asks for no cached copy, sends no credentials and never follows redirects by itself', async () => {
    const inits: RequestInit[] = []
    const fetch = scriptedFetch(() => new Response('ok'))
    const spy = (async (input: string | URL | Request, init?: RequestInit) => {
      inits.push(init ?? {})
      return fetch(input, init)
    }) as typeof globalThis.fetch
    await probeOnce(URL_, health(), options(spy))
    expect(inits[0].redirect).toBe('manual')
    expect(fetch.calls[0].headers['user-agent']).toMatch(/railway-deploy-gate/)
    expect(fetch.calls[0].headers['cache-control']).toBe('no-cache')
    expect(Object.keys(fetch.calls[0].headers)).not.toContain('authorization')
  })
})

describe('probeOnce: statuses', () => {
  it('treats 502/503/5xx, 408, 425 and 429 as transient', async () => {
    for (const status of [500, 502, 503, 504, 408, 425, 429]) {
      const result = await probeOnce(URL_, health(), options(scriptedFetch(() => new Response('', { status }))))
      expect(result).toMatchObject({ ok: false, status, transient: true, errorClass: `HTTP ${status}`, checks: { status: false } })
    }
  })

  it('reads Retry-After as seconds or as a date', async () => {
    const seconds = await probeOnce(URL_, health(), options(scriptedFetch(() => new Response('', { status: 429, headers: { 'retry-after': '7' } }))))
    expect(seconds.failure?.retryAfterMs).toBe(7_000)
    const date = new Date(Date.parse('2026-11-24T12:00:30Z')).toUTCString()
    const dated = await probeOnce(
      URL_,
      health(),
      options(scriptedFetch(() => new Response('', { status: 503, headers: { 'retry-after': date } })), { now: () => Date.parse('2026-11-24T12:00:00Z') })
    )
    expect(dated.failure?.retryAfterMs).toBe(30_000)
  })

  it('treats 404, 401 and other unexpected statuses as setup problems with a hint', async () => {
    const notFound = await probeOnce(URL_, health(), options(scriptedFetch(() => new Response('', { status: 404 }))))
    expect(notFound).toMatchObject({ transient: false, detail: 'HTTP 404: /health not found' })
    expect(notFound.failure?.hint).toMatch(/health-path/)
    const denied = await probeOnce(URL_, health(), options(scriptedFetch(() => new Response('', { status: 401 }))))
    expect(denied.failure?.hint).toMatch(/no credentials/)
    const other = await probeOnce(URL_, health(), options(scriptedFetch(() => new Response(null, { status: 204 }))))
    expect(other.failure?.words).toContain('not in health-status (200)')
  })
})

describe('probeOnce: network failures', () => {
  const cases: Array<[string, string, boolean, RegExp]> = [
    ['ENOTFOUND', 'dns', true, /DNS name web\.up\.railway\.app not found/],
    ['EAI_AGAIN', 'dns', true, /DNS lookup .* failed temporarily/],
    ['ECONNREFUSED', 'refused', true, /connection to web\.up\.railway\.app refused/],
    ['ECONNRESET', 'reset', true, /reset/],
    ['UND_ERR_SOCKET', 'reset', true, /reset/],
    ['DEPTH_ZERO_SELF_SIGNED_CERT', 'tls', false, /the certificate of web\.up\.railway\.app is not trusted \(DEPTH_ZERO_SELF_SIGNED_CERT\)/],
    ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'tls', false, /is not trusted/],
    ['CERT_HAS_EXPIRED', 'tls', false, /has expired/],
    ['ERR_TLS_CERT_ALTNAME_INVALID', 'tls', false, /does not cover web\.up\.railway\.app/],
    ['ERR_SSL_WRONG_VERSION_NUMBER', 'tls', false, /TLS handshake .* failed/],
    ['EHOSTUNREACH', 'network', true, /request to web\.up\.railway\.app failed \(EHOSTUNREACH\)/]
  ]
  it.each(cases)('%s is classed as %s', async (code, kind, transient, words) => {
    const fetch = scriptedFetch(() => {
      throw networkError(code)
    })
    const result = await probeOnce(URL_, health(), options(fetch))
    expect(result).toMatchObject({ ok: false, status: undefined, transient, errorClass: code, checks: {} })
    expect(result.failure?.kind).toBe(kind)
    expect(result.detail).toMatch(words)
  })

  it('finds the code inside an AggregateError (several addresses tried)', async () => {
    const fetch = scriptedFetch(() => {
      throw new TypeError('fetch failed', { cause: new AggregateError([Object.assign(new Error('x'), { code: 'ECONNREFUSED' })]) })
    })
    expect((await probeOnce(URL_, health(), options(fetch))).errorClass).toBe('ECONNREFUSED')
  })

  it('ends a request with no answer at the per-request timeout', async () => {
    const timer = new AbortController()
    const fetch = ((_url: string, init?: RequestInit) =>
      new Promise<Response>((_, reject) => {
        init?.signal?.addEventListener('abort', () => reject(init.signal?.reason))
        queueMicrotask(() => timer.abort(new DOMException('timed out', 'TimeoutError'))) // the timeout fires
      })) as typeof globalThis.fetch
    const result = await probeOnce(URL_, health(), options(fetch, { timeoutSignal: () => timer.signal, requestTimeoutMs: 5_000 }))
    expect(result).toMatchObject({ ok: false, transient: true, errorClass: 'timeout' })
    expect(result.detail).toBe('timeout: no complete answer from web.up.railway.app within 5.0s')
  })

  it('ends a body that stalls at the per-request timeout', async () => {
    const timer = new AbortController()
    const stalled = new ReadableStream<Uint8Array>({
      pull: () => {
        queueMicrotask(() => timer.abort(new DOMException('timed out', 'TimeoutError')))
        return new Promise<void>(() => undefined) // never produces a byte
      }
    })
    const fetch = scriptedFetch(() => new Response(stalled))
    const result = await probeOnce(URL_, health(), options(fetch, { timeoutSignal: () => timer.signal }))
    expect(result.errorClass).toBe('timeout')
  })

  it('rethrows when the job is cancelled rather than calling it a failure', async () => {
    const job = new AbortController()
    const fetch = ((_url: string, init?: RequestInit) =>
      new Promise<Response>((_, reject) => {
        init?.signal?.addEventListener('abort', () => reject(init.signal?.reason))
        queueMicrotask(() => job.abort(new Error('cancelled by the runner')))
      })) as typeof globalThis.fetch
    await expect(probeOnce(URL_, health(), options(fetch, { signal: job.signal }))).rejects.toThrow('cancelled by the runner')
  })
})

describe('probeOnce: bodies', () => {
  it('stops reading a body that never ends at the cap, cancels it, and fails the probe', async () => {
    let produced = 0
    let cancelled = false
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        produced += 16 * 1024
        controller.enqueue(new Uint8Array(16 * 1024).fill(120))
      },
      cancel() {
        cancelled = true
      }
    })
    const fetch = scriptedFetch(() => new Response(endless, { headers: { 'x-app-commit': NEW } }))
    const result = await probeOnce(URL_, health({ version: NEW }), options(fetch, { maxBodyBytes: 64 * 1024 }))
    expect(result).toMatchObject({ ok: false, transient: false, errorClass: 'body too large' })
    expect(result.detail).toContain('did not end within 64 KiB')
    expect(cancelled).toBe(true)
    expect(produced).toBeLessThanOrEqual(64 * 1024 + 3 * 16 * 1024) // the stream's own read-ahead, no more
  })

  it('passes a body exactly at the cap', async () => {
    const fetch = scriptedFetch(() => new Response('x'.repeat(1024)))
    expect((await probeOnce(URL_, health(), options(fetch, { maxBodyBytes: 1024 }))).ok).toBe(true)
  })
})

describe('probeOnce: redirects', () => {
  it('follows same-host redirects, relative or absolute', async () => {
    const fetch = scriptedFetch((call) => {
      if (call.url.endsWith('/health')) return new Response(null, { status: 301, headers: { location: '/health/' } })
      if (call.url.endsWith('/health/')) return new Response(null, { status: 302, headers: { location: 'https://web.up.railway.app/ready' } })
      return new Response(JSON.stringify({ commit: NEW }))
    })
    const result = await probeOnce(URL_, health({ version: NEW }), options(fetch))
    expect(result.ok).toBe(true)
    expect(fetch.calls.map((c) => c.url)).toEqual([URL_, 'https://web.up.railway.app/health/', 'https://web.up.railway.app/ready'])
  })

  it('refuses a redirect to another host and names it, without requesting it', async () => {
    const fetch = scriptedFetch(() => new Response(null, { status: 302, headers: { location: 'https://login.example.com/sso?next=/health' } }))
    const result = await probeOnce(URL_, health(), options(fetch))
    expect(result).toMatchObject({ ok: false, status: 302, transient: false })
    expect(result.detail).toBe('HTTP 302: /health redirects to another host, login.example.com')
    expect(result.failure?.hint).toMatch(/health-url/)
    expect(fetch.calls).toHaveLength(1)
  })

  it('refuses a downgrade to http on the same host', async () => {
    const fetch = scriptedFetch(() => new Response(null, { status: 301, headers: { location: 'http://web.up.railway.app/health' } }))
    expect((await probeOnce(URL_, health(), options(fetch))).detail).toContain('from https to http')
  })

  it('stops a redirect loop after 5 hops', async () => {
    const fetch = scriptedFetch(() => new Response(null, { status: 301, headers: { location: '/health' } }))
    const result = await probeOnce(URL_, health(), options(fetch))
    expect(result.detail).toContain('more than 5 redirects')
    expect(result.failure?.hint).toMatch(/SECURE_PROXY_SSL_HEADER/)
    expect(fetch.calls).toHaveLength(6)
  })

  it('takes a 3xx as the answer when health-status accepts it', async () => {
    const fetch = scriptedFetch(() => new Response(null, { status: 302, headers: { location: 'https://elsewhere.example/' } }))
    const result = await probeOnce(URL_, health({ statuses: [{ min: 200, max: 399 }] }), options(fetch))
    expect(result.ok).toBe(true)
    expect(fetch.calls).toHaveLength(1)
  })
})
