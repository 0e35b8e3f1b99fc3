import type { HealthConfig } from '../config/inputs.js'
import { formatStatusRanges, statusAccepted } from '../config/parse.js'
import { RETRY_FACTOR, unsafePatternReason } from '../safe-regex.js'
import { matchBody, readCapped } from './body.js'
import { networkFailure, shortVersion, statusFailure, type ProbeFailure } from './failure.js'
import { answeredVersion, versionFound } from './version.js'

/**
 * One HTTP probe of the health URL: bounded in time (one timeout covers every redirect hop and the
 * body) and in bytes read, TLS always verified, redirects followed only within the same host, no
 * credentials sent. Returns what the gate needs to judge it; never throws, except on cancellation.
 */

export interface ProbeResult {
  ok: boolean
  status?: number
  latencyMs: number
  /** Short description for the report: "HTTP 200, version matched", "ENOTFOUND: DNS name … not found". */
  detail: string
  /** The failure is worth retrying until health-timeout (connection refused, 5xx, DNS for a new domain...). */
  transient: boolean
  /** Short code of the failure (ENOTFOUND, timeout, HTTP 404, version mismatch...). */
  errorClass?: string
  failure?: ProbeFailure
  checks: { status?: boolean; body?: boolean; version?: boolean }
  /** The version the answer reported, when it named one. */
  answeredVersion?: string
}

export interface ProbeOptions {
  fetch: typeof fetch
  now: () => number
  requestTimeoutMs: number
  maxBodyBytes: number
  /** Aborts on job cancellation; the probe then throws the signal's reason. */
  signal?: AbortSignal
  /** Builds the per-request timeout signal (default AbortSignal.timeout); tests pass one they control. */
  timeoutSignal?: (ms: number) => AbortSignal
  /** Same-host redirects followed at most (RELIABILITY: 5; fetch's own limit of 20 is too lax). */
  maxRedirects?: number
  /** Time limit for a health-body regular expression. */
  regexTimeoutMs?: number
}

export const DEFAULT_MAX_REDIRECTS = 5
export const DEFAULT_REGEX_TIMEOUT_MS = 100

const REQUEST_HEADERS = {
  'User-Agent': 'railway-deploy-gate-health-probe',
  Accept: '*/*',
  // A CDN in front of the app must not answer with a cached copy from the old version.
  'Cache-Control': 'no-cache'
}

const isRedirect = (status: number) => status === 301 || status === 302 || status === 303 || status === 307 || status === 308

/**
 * Probes `url` once.
 * @param url the health URL
 * @param health what passes: health-status, health-body, health-version
 * @param options fetch, time, bounds and cancellation
 * @returns the verdict of this one probe, with the failure's class when it failed
 */
export async function probeOnce(url: string, health: HealthConfig, options: ProbeOptions): Promise<ProbeResult> {
  const started = options.now()
  const timeout = (options.timeoutSignal ?? ((ms) => AbortSignal.timeout(ms)))(options.requestTimeoutMs)
  const signal = options.signal ? AbortSignal.any([timeout, options.signal]) : timeout
  const maxRedirects = options.maxRedirects ?? DEFAULT_MAX_REDIRECTS
  const origin = new URL(url)
  let current = origin
  const failed = (failure: ProbeFailure, status?: number, checks: ProbeResult['checks'] = {}): ProbeResult => ({
    ok: false,
    status,
    latencyMs: options.now() - started,
    detail: status === undefined ? (failure.words.includes(failure.code) ? failure.words : `${failure.code}: ${failure.words}`) : failure.words,
    transient: failure.transient,
    errorClass: failure.code,
    failure,
    checks
  })
  try {
    for (let hop = 0; ; hop++) {
      const response = await options.fetch(current.href, { method: 'GET', redirect: 'manual', headers: REQUEST_HEADERS, signal })
      const location = response.headers.get('location')
      if (!isRedirect(response.status) || !location || statusAccepted(response.status, health.statuses)) {
        return await judge(response, current, health, options, signal, started)
      }
      await response.body?.cancel().catch(() => undefined)
      const from = current.pathname
      const next = URL.canParse(location, current) ? new URL(location, current) : undefined
      const redirectFailure = (words: string, hint: string): ProbeResult =>
        failed({ kind: 'redirect', code: `HTTP ${response.status} redirect`, transient: false, words: `HTTP ${response.status}: ${words}`, hint }, response.status, { status: false })
      if (!next) return redirectFailure(`${from} redirects to an invalid Location`, 'fix the redirect, or point health-url at the final URL')
      if (next.host !== origin.host) {
        return redirectFailure(
          `${from} redirects to another host, ${next.host}`,
          `the probe follows redirects only within ${origin.host}; set health-url to the final URL if that redirect is intended`
        )
      }
      if (origin.protocol === 'https:' && next.protocol !== 'https:') {
        return redirectFailure(`${from} redirects from https to http`, 'serve the health endpoint over https')
      }
      if (hop >= maxRedirects) {
        return redirectFailure(
          `more than ${maxRedirects} redirects from ${origin.pathname}`,
          "look for a redirect loop, e.g. Django's SECURE_SSL_REDIRECT without SECURE_PROXY_SSL_HEADER behind Railway's proxy"
        )
      }
      current = next
    }
  } catch (error) {
    if (options.signal?.aborted) throw options.signal.reason
    return failed(networkFailure(error, current.host, timeout.aborted, options.requestTimeoutMs))
  }
}

/** Reads the (capped) body and checks status, size, health-body and health-version, in that order. */
async function judge(
  response: Response,
  url: URL,
  health: HealthConfig,
  options: ProbeOptions,
  signal: AbortSignal,
  started: number
): Promise<ProbeResult> {
  const body = await readCapped(response, options.maxBodyBytes, signal)
  const latencyMs = options.now() - started
  const status = response.status
  const statusOk = statusAccepted(status, health.statuses)
  const bodyMatch = health.body ? matchBody(body.text, health.body, options.regexTimeoutMs ?? DEFAULT_REGEX_TIMEOUT_MS) : undefined
  const versionOk = health.version ? versionFound(health.version, body.text, response.headers) : undefined
  const answered = health.version && !versionOk ? answeredVersion(body.text, response.headers) : undefined
  const checks = { status: statusOk, body: bodyMatch === undefined ? undefined : bodyMatch === 'matched', version: versionOk }

  const failure = firstFailure()
  if (!failure) {
    const notes = [`HTTP ${status}`]
    if (versionOk) notes.push('version matched')
    if (bodyMatch) notes.push('body matched')
    return { ok: true, status, latencyMs, detail: notes.join(', '), transient: false, checks }
  }
  return {
    ok: false,
    status,
    latencyMs,
    detail: failure.kind === 'status' ? failure.words : `HTTP ${status}, ${failure.words}`,
    transient: failure.transient,
    errorClass: failure.code,
    failure,
    checks,
    answeredVersion: answered
  }

  function firstFailure(): ProbeFailure | undefined {
    if (!statusOk) return statusFailure(status, url.pathname, formatStatusRanges(health.statuses), response.headers.get('retry-after'), options.now())
    if (body.truncated) {
      return {
        kind: 'body-size',
        code: 'body too large',
        transient: false,
        words: `the body from ${url.pathname} did not end within ${Math.round(options.maxBodyBytes / 1024)} KiB`,
        hint: 'point health-path or health-url at a small health endpoint (one that streams or sends this much is not one)'
      }
    }
    if (bodyMatch === 'too-slow') {
      return {
        kind: 'pattern',
        code: 'pattern too slow',
        transient: false,
        words: `the health-body pattern /${clip(health.body!.source)}/ ran past its time limit (${(options.regexTimeoutMs ?? DEFAULT_REGEX_TIMEOUT_MS) * RETRY_FACTOR}ms)`,
        hint: `simplify the pattern: ${unsafePatternReason(health.body!.source) ?? 'avoid repeating a group that itself repeats, such as (a+)+'}`
      }
    }
    if (versionOk === false) {
      const expected = shortVersion(health.version!)
      return answered && answered !== health.version
        ? {
            kind: 'version',
            code: 'version mismatch',
            transient: true,
            words: `version ${shortVersion(answered)} answered instead of ${expected}`,
            hint: 'traffic still reaches an older deployment, or the app reports another commit: is health-version the commit that was deployed?'
          }
        : {
            kind: 'version',
            code: 'version not found',
            transient: true,
            words: `health-version ${expected} not found in the body or headers`,
            hint: 'make the health endpoint report its commit in the body or an x-…-commit header (Railway sets RAILWAY_GIT_COMMIT_SHA for deployments from GitHub)'
          }
    }
    if (bodyMatch === 'no-match') {
      const match = health.body!
      return {
        kind: 'body',
        code: 'body mismatch',
        transient: true,
        words: match.kind === 'text' ? `the body does not contain "${clip(match.source)}"` : `the body does not match /${clip(match.source)}/${match.flags}`,
        hint: 'check health-body against what the endpoint returns'
      }
    }
    return undefined
  }
}

function clip(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text
}
