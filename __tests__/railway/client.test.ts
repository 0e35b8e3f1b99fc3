/** RailwayClient: headers per token kind, errors[] on 200, classification, retries, 429, timeouts, zod. */
import { describe, expect, it } from '@jest/globals'
import { z } from 'zod'
import { FakeClock } from '../../__fixtures__/clock.js'
import { gql, gqlError, json, scriptedFetch } from '../../__fixtures__/fetch.js'
import { Deadline } from '../../src/clock.js'
import { MemoryLogger } from '../../src/logger.js'
import { classifyGraphQLError, parseRetryAfter, RailwayClient } from '../../src/railway/client.js'
import { rejection } from '../../__fixtures__/errors.js'

const Q = 'query Thing { thing }'
const Shape = z.object({ thing: z.string() })

function client(fetch: typeof globalThis.fetch, clock = new FakeClock(), kind: 'project' | 'account' = 'project') {
  return new RailwayClient({ apiUrl: 'http://127.0.0.1:1/graphql/v2', token: 'secret-token', tokenKind: kind, fetch, clock, random: () => 0.5, log: new MemoryLogger() })
}


describe('RailwayClient', () => {
  it('sends the project token as Project-Access-Token and an account token as Bearer', async () => {
    const fetch = scriptedFetch(() => gql({ thing: 'x' }))
    await client(fetch).request(Q, { a: 1 }, Shape)
    await client(fetch, new FakeClock(), 'account').request(Q, {}, Shape)
    expect(fetch.calls[0].headers['project-access-token']).toBe('secret-token')
    expect(fetch.calls[0].headers.authorization).toBeUndefined()
    expect(fetch.calls[1].headers.authorization).toBe('Bearer secret-token')
    expect(fetch.calls[0].body).toEqual({ query: Q, variables: { a: 1 } })
  })

  it('returns validated data', async () => {
    await expect(client(scriptedFetch(() => gql({ thing: 'x' }))).request(Q, {}, Shape)).resolves.toEqual({ thing: 'x' })
  })

  it('treats errors[] on HTTP 200 as an error, never as success', async () => {
    const error = await rejection(client(scriptedFetch(() => gqlError('Project Token not found'))).request(Q, {}, Shape))
    expect(error.kind).toBe('auth')
    expect(error.message).toMatch(/Project-Access-Token/)
    expect(error.fullMessage).not.toContain('secret-token')
  })

  it('fails on an unexpected shape with the path', async () => {
    const error = await rejection(client(scriptedFetch(() => gql({ thing: 3 }))).request(Q, {}, Shape))
    expect(error.kind).toBe('railway')
    expect(error.message).toMatch(/unexpected shape at thing/)
  })

  it('fails on data: null without errors', async () => {
    const error = await rejection(client(scriptedFetch(() => json({ data: null }))).request(Q, {}, Shape))
    expect(error.message).toMatch(/no data and no errors/)
  })

  it('retries 5xx with backoff, then succeeds', async () => {
    const clock = new FakeClock()
    const fetch = scriptedFetch((_c, i) => (i < 2 ? json({}, 502) : gql({ thing: 'ok' })))
    const c = client(fetch, clock)
    await expect(c.request(Q, {}, Shape)).resolves.toEqual({ thing: 'ok' })
    expect(fetch.calls).toHaveLength(3)
    expect(c.stats.retries).toBe(2)
    expect(clock.sleeps).toHaveLength(2)
  })

  it('honours Retry-After on 429 and counts it against the deadline', async () => {
    const clock = new FakeClock()
    const fetch = scriptedFetch((_c, i) => (i === 0 ? json({}, 429, { 'retry-after': '7' }) : gql({ thing: 'ok' })))
    await client(fetch, clock).request(Q, {}, Shape, { deadline: new Deadline(clock, 60_000) })
    expect(clock.sleeps[0]).toBeGreaterThanOrEqual(7000)
    expect(clock.sleeps[0]).toBeLessThan(7300)
  })

  it('fails as rate-limited, not as a timeout, when Retry-After passes the deadline', async () => {
    const clock = new FakeClock()
    const fetch = scriptedFetch(() => json({}, 429, { 'retry-after': '3600' }))
    const error = await rejection(client(fetch, clock).request(Q, {}, Shape, { deadline: new Deadline(clock, 60_000) }))
    expect(error.kind).toBe('rate-limited')
    expect(error.fullMessage).toMatch(/Rate-limited by Railway.*hourly API budget/)
  })

  it('does not retry a mutation whose outcome is unknown', async () => {
    const fetch = scriptedFetch(() => {
      throw new TypeError('fetch failed', { cause: { code: 'ECONNRESET' } })
    })
    const error = await rejection(client(fetch).request('mutation Deploy { x }', {}, Shape, { idempotent: false }))
    expect(error.kind).toBe('transient')
    expect(error.ambiguous).toBe(true)
    expect(error.message).toMatch(/ECONNRESET/)
    expect(fetch.calls).toHaveLength(1)
  })

  it('never retries a mutation on a server-side error that may have acted; a 429 is safe to retry', async () => {
    const fetch = scriptedFetch(() => gqlError('Problem processing request'))
    const error = await rejection(client(fetch).request('mutation Deploy { x }', {}, Shape, { idempotent: false }))
    expect(error.kind).toBe('transient')
    expect(error.ambiguous).toBe(true)
    expect(fetch.calls).toHaveLength(1)

    const clock = new FakeClock()
    const limited = scriptedFetch((_c, i) => (i === 0 ? json({}, 429, { 'retry-after': '2' }) : gql({ thing: 'deployed' })))
    await expect(client(limited, clock).request('mutation Deploy { x }', {}, Shape, { idempotent: false })).resolves.toEqual({ thing: 'deployed' })
    expect(limited.calls).toHaveLength(2)
  })

  it('without a deadline, fails as rate-limited rather than sleeping out an hour-long Retry-After', async () => {
    const clock = new FakeClock()
    const fetch = scriptedFetch(() => json({}, 429, { 'retry-after': '3600' }))
    const error = await rejection(client(fetch, clock).request(Q, {}, Shape))
    expect(error.kind).toBe('rate-limited')
    expect(fetch.calls).toHaveLength(1)
    expect(clock.sleeps).toEqual([])
  })

  it('gives up after maxAttempts without a deadline', async () => {
    const fetch = scriptedFetch(() => json({}, 503))
    const error = await rejection(client(fetch).request(Q, {}, Shape))
    expect(error.kind).toBe('transient')
    expect(fetch.calls).toHaveLength(4)
  })

  it('times out a request that never answers', async () => {
    const hanging: typeof fetch = (_url, init) =>
      new Promise((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal?.reason)))
    const c = new RailwayClient({
      apiUrl: 'http://127.0.0.1:1', token: 't', tokenKind: 'project', fetch: hanging, clock: new FakeClock(), random: () => 0,
      log: new MemoryLogger(), requestTimeoutMs: 20, maxAttempts: 1
    })
    const error = await rejection(c.request(Q, {}, Shape))
    expect(error.message).toMatch(/no answer within 20ms/)
  })

  it('records the rate-limit headers', async () => {
    const c = client(scriptedFetch(() => gql({ thing: 'x' }, { 'x-ratelimit-remaining': '42', 'x-ratelimit-limit': '1000' })))
    await c.request(Q, {}, Shape)
    expect(c.rateLimit).toMatchObject({ remaining: 42, limit: 1000 })
  })
})

describe('error classification', () => {
  it.each([
    ['Not Authorized', 'auth'],
    ['Project Token not found', 'auth'],
    ['Two Factor Authentication Required', 'auth'],
    ['Project not found', 'not-found'],
    ['Problem processing request', 'transient'],
    ['Something odd', 'railway']
  ])('%s → %s', (message, kind) => expect(classifyGraphQLError(message, 'Op', 'project').kind).toBe(kind))

  it('parses Retry-After seconds and dates', () => {
    expect(parseRetryAfter('12', 0)).toBe(12_000)
    expect(parseRetryAfter(new Date(60_000).toUTCString(), 0)).toBe(60_000)
    expect(parseRetryAfter('soon', 0)).toBeUndefined()
  })
})
