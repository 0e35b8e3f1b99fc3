/** Body helpers: the capped read, the time-limited regex, the nested-quantifier guard, version extraction. */
import { describe, expect, it } from '@jest/globals'
import { matchBody, readCapped } from '../../src/health/body.js'
import { parseRetryAfter, shortVersion } from '../../src/health/failure.js'
import { answeredVersion, versionFound } from '../../src/health/version.js'

describe('readCapped', () => {
  it('returns a short body whole and a long one cut at the cap', async () => {
    expect(await readCapped(new Response('hello'), 10)).toEqual({ text: 'hello', truncated: false })
    expect(await readCapped(new Response('0123456789abc'), 10)).toEqual({ text: '0123456789', truncated: true })
    expect(await readCapped(new Response(null), 10)).toEqual({ text: '', truncated: false })
  })

  it('rejects with the signal reason when aborted before the read', async () => {
    const signal = AbortSignal.abort(new Error('stop'))
    await expect(readCapped(new Response(new ReadableStream({ pull: () => new Promise(() => undefined) })), 10, signal)).rejects.toThrow('stop')
  })
})

describe('matchBody', () => {
  it('matches text as a substring and regex with flags', () => {
    expect(matchBody('{"status":"ok"}', { kind: 'text', source: '"ok"', flags: '' }, 100)).toBe('matched')
    expect(matchBody('{"status":"ok"}', { kind: 'text', source: 'OK', flags: '' }, 100)).toBe('no-match')
    expect(matchBody('Status: OK', { kind: 'regex', source: 'status:\\s+ok', flags: 'i' }, 100)).toBe('matched')
    expect(matchBody('Status: down', { kind: 'regex', source: 'status:\\s+ok', flags: 'i' }, 100)).toBe('no-match')
  })

  it('gives up on a catastrophic pattern at the time limit', () => {
    expect(matchBody('a'.repeat(10_000) + '!', { kind: 'regex', source: '(a+)+$', flags: '' }, 30)).toBe('too-slow')
    // ...and the context is usable afterwards.
    expect(matchBody('ok', { kind: 'regex', source: '^ok$', flags: '' }, 100)).toBe('matched')
  })
})


describe('version extraction', () => {
  const none = new Headers()
  it('reads common JSON fields, one level deep', () => {
    expect(answeredVersion('{"status":"ok","commit":"abc1234"}', none)).toBe('abc1234')
    expect(answeredVersion('{"Version":"1.4.2"}', none)).toBe('1.4.2')
    expect(answeredVersion('{"status":"ok","build":{"gitSha":"def5678"}}', none)).toBe('def5678')
    expect(answeredVersion('{"status":"ok"}', none)).toBeUndefined()
    expect(answeredVersion('not json', none)).toBeUndefined()
  })

  it('falls back to an x-…commit/version header', () => {
    expect(answeredVersion('ok', new Headers({ 'x-git-sha': 'f00d' }))).toBe('f00d')
    expect(answeredVersion('ok', new Headers({ 'x-app-version': '2.0' }))).toBe('2.0')
    expect(answeredVersion('ok', new Headers({ server: 'gunicorn' }))).toBeUndefined()
  })

  it('finds health-version in the body, any header, or as the long form of a short SHA', () => {
    const sha = '3f2a9c1e7b4d5f60812a3b4c5d6e7f8091a2b3c4'
    expect(versionFound(sha, `built from ${sha}`, none)).toBe(true)
    expect(versionFound(sha, 'ok', new Headers({ etag: `"${sha}"` }))).toBe(true)
    expect(versionFound(sha, '{"commit":"3f2a9c1"}', none)).toBe(true)
    expect(versionFound(sha, '{"commit":"3f2a9c"}', none)).toBe(false) // too short to be proof
    expect(versionFound(sha, '{"commit":"0ld0ld0"}', none)).toBe(false)
    // The short form counts only between SHAs: a release name is not proof of a longer one.
    expect(versionFound('release-2024-06-10', '{"version":"release-2024-06-1"}', none)).toBe(false)
  })

  it('quotes back no version that could carry a workflow command, markup or a line break', () => {
    expect(answeredVersion('{"commit":"x\n::add-mask::Deployed ##[error]pwned"}', none)).toBeUndefined()
    expect(answeredVersion('ok', new Headers({ 'x-version': '##[error]pwned' }))).toBeUndefined()
    expect(answeredVersion('{"version":"<img src=x>"}', none)).toBeUndefined()
    expect(answeredVersion('{"version":"v1.4.2+build.7"}', none)).toBe('v1.4.2+build.7')
  })
})

describe('small helpers', () => {
  it('parses Retry-After and shortens long version tokens only', () => {
    expect(parseRetryAfter('12', 0)).toBe(12_000)
    expect(parseRetryAfter('soon', 0)).toBeUndefined()
    expect(parseRetryAfter(null, 0)).toBeUndefined()
    expect(shortVersion('3f2a9c1e7b4d5f60812a3b4c5d6e7f8091a2b3c4')).toBe('3f2a9c1e7b4d')
    expect(shortVersion('v1.4.2')).toBe('v1.4.2')
  })
})
