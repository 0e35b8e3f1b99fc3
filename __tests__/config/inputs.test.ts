/** readConfig: defaults, parsing of every input form, and messages that name the input and the fix. */
import { describe, expect, it } from '@jest/globals'
import { readConfig, INPUT_DEFAULTS, type InputName } from '../../src/config/inputs.js'
import { parseDuration, parseStatusRanges, statusAccepted } from '../../src/config/parse.js'
import { GateError } from '../../src/errors.js'

const run = { sha: 'merge-sha', pullRequestHeadSha: 'head-sha' }
const config = (inputs: Partial<Record<InputName, string>>) => readConfig((name) => inputs[name], run)
const base = { 'railway-token': 'tok', service: 'web' }

function errorOf(fn: () => unknown): GateError {
  try {
    fn()
  } catch (error) {
    return error as GateError
  }
  throw new Error('expected an error')
}

describe('readConfig', () => {
  it('applies the defaults of action.yml', () => {
    const c = config(base)
    expect(c.deploy).toBe('api')
    expect(c.timeoutMs).toBe(15 * 60_000)
    expect(c.pollIntervalMs).toBe(10_000)
    expect(c.health.successes).toBe(2)
    expect(c.health.statuses).toEqual([{ min: 200, max: 200 }])
    expect(c.stack).toBe('auto')
    expect(c.statusContext).toBe('railway/{service}')
    expect(c.githubDeployment).toBe(true)
    expect(c.checklistExplicit).toBe(false)
    expect(c.apiUrl).toBe(INPUT_DEFAULTS['api-url'])
  })

  it('deploys the PR head, not the merge commit, unless commit-sha is given', () => {
    expect(config(base).commitSha).toBe('head-sha')
    expect(config({ ...base, 'commit-sha': 'abc' }).commitSha).toBe('abc')
    expect(readConfig((n) => ({ ...base } as Record<string, string>)[n], { sha: 'push-sha' }).commitSha).toBe('push-sha')
  })

  it('splits services on commas and newlines and trims the token', () => {
    const c = config({ 'railway-token': '  tok \n', service: 'web, worker\nbeat' })
    expect(c.services).toEqual(['web', 'worker', 'beat'])
    expect(c.railwayToken).toBe('tok')
  })

  it('reads stack lists, auto and none', () => {
    expect(config({ ...base, stack: 'Django, celery' }).stack).toEqual(['django', 'celery'])
    expect(config({ ...base, stack: 'none' }).stack).toEqual([])
    expect(errorOf(() => config({ ...base, stack: 'auto,django' })).message).toMatch(/input 'stack'/)
  })

  it('parses health inputs', () => {
    const c = config({ ...base, 'health-status': '200-299,304', 'health-body': '/"status":\\s*"ok"/i', 'health-url': 'NONE' })
    expect(c.health.statuses).toEqual([{ min: 200, max: 299 }, { min: 304, max: 304 }])
    expect(c.health.body).toEqual({ kind: 'regex', source: '"status":\\s*"ok"', flags: 'i' })
    expect(c.health.url).toBe('none')
    expect(config({ ...base, 'health-body': 'ok' }).health.body).toEqual({ kind: 'text', source: 'ok', flags: '' })
  })

  it.each([
    ['timeout', '0', /timeout.*more than 0/],
    ['timeout', '-1', /timeout.*duration/],
    ['timeout', 'NaN', /timeout.*duration/],
    ['poll-interval', 'soon', /poll-interval/],
    ['health-successes', '0', /health-successes.*between 1 and 100/],
    ['deploy', 'ftp', /deploy.*one of api, cli, watch, off/],
    ['health-status', '2xx', /health-status/],
    ['health-url', 'example.com', /health-url.*full http/],
    ['health-path', 'health', /health-path.*start/],
    ['health-url', 'https://user:s3cret@example.com/health', /health-url.*must not carry a user or password/],
    ['health-body', '/([/', /health-body/],
    ['github-deployment', 'maybe', /github-deployment.*true or false/]
  ] as const)('rejects %s: %s', (name, value, message) => {
    const error = errorOf(() => config({ ...base, [name]: value }))
    expect(error).toBeInstanceOf(GateError)
    expect(error.kind).toBe('config')
    expect(error.fullMessage).toMatch(message)
    expect(error.fullMessage).toMatch(/Fix the `with:` block/)
  })

  it('rejects an interval longer than its deadline', () => {
    expect(errorOf(() => config({ ...base, timeout: '5s', 'poll-interval': '10s' })).message).toMatch(/poll-interval .* longer than timeout/)
    expect(errorOf(() => config({ ...base, 'health-timeout': '1s', 'health-interval': '2s' })).message).toMatch(/health-interval/)
  })

  it('rejects a health gate that could never pass in its timeout', () => {
    expect(errorOf(() => config({ ...base, 'health-successes': '5', 'health-interval': '10s', 'health-timeout': '30s' })).fullMessage).toMatch(
      /5 passes 10s apart .* do not fit in health-timeout \(30s\).*Raise health-timeout/
    )
  })

  it('requires a service', () => {
    expect(errorOf(() => config({ 'railway-token': 't' })).message).toMatch(/input 'service'.*at least one/)
  })

  it('an explicitly empty status-context or github-token turns that output off; other empties mean the default', () => {
    const c = config({ ...base, 'status-context': '', 'github-token': '', timeout: '' })
    expect(c.statusContext).toBe('')
    expect(c.githubToken).toBe('')
    expect(c.timeoutMs).toBe(15 * 60_000)
    expect(config(base).statusContext).toBe('railway/{service}')
  })

  it('marks an explicit checklist path', () => {
    expect(config({ ...base, checklist: 'ci/checks.yml' }).checklistExplicit).toBe(true)
    expect(config({ ...base, checklist: '.github/railway-checklist.yml' }).checklistExplicit).toBe(false)
  })
})

describe('parsers', () => {
  it.each([
    ['90', 90_000],
    ['90s', 90_000],
    ['15m', 900_000],
    ['1h', 3_600_000],
    ['250ms', 250],
    ['1.5s', 1500]
  ])('parseDuration(%s)', (text, ms) => expect(parseDuration(text)).toBe(ms))

  it('matches status ranges', () => {
    const ranges = parseStatusRanges('200-204, 301')
    expect(statusAccepted(204, ranges)).toBe(true)
    expect(statusAccepted(301, ranges)).toBe(true)
    expect(statusAccepted(205, ranges)).toBe(false)
    expect(() => parseStatusRanges('299-200')).toThrow(/not a valid status range/)
  })
})
