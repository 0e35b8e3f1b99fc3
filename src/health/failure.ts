import { formatDuration } from '../clock.js'

/**
 * Why a probe failed, sorted into classes that decide what the gate does next (wait and retry, or stop
 * soon) and what it finally says. The words and hints are written for the person reading the PR comment:
 * the final message is "<words> for <how long> — <hint>".
 */

export type FailureKind =
  | 'dns' // the name does not resolve (yet): new domains take a while
  | 'refused' // nothing listens on the port
  | 'reset' // the connection dropped mid-request
  | 'timeout' // no complete answer within the per-request timeout
  | 'tls' // the certificate or the handshake is bad; verification is never turned off
  | 'network' // any other failure before a status
  | 'status' // a status outside health-status
  | 'redirect' // a redirect the probe will not follow
  | 'body-size' // the body did not end within the read cap
  | 'body' // the body does not match health-body
  | 'version' // health-version is not in the answer
  | 'pattern' // the health-body regular expression ran too long

export interface ProbeFailure {
  kind: FailureKind
  /** Short code for the probe log: ENOTFOUND, HTTP 502, DEPTH_ZERO_SELF_SIGNED_CERT, version mismatch. */
  code: string
  /** Worth retrying until health-timeout (true), or likely a setup problem that a few tries confirm (false). */
  transient: boolean
  /** The failure in words, the subject of "… for 5m": "DNS name web.up.railway.app not found". */
  words: string
  /** How to fix it. */
  hint: string
  /** How long the server asked us to wait (Retry-After on 429/503). */
  retryAfterMs?: number
}

/** Statuses that mean "not ready yet" rather than "wrong URL": retried until the deadline. */
const TRANSIENT_STATUSES = new Set([408, 425, 429, 544])

const TLS_UNTRUSTED = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE'
])

const TLS_HINT =
  'if this is a new custom domain, its certificate may still be being issued: re-run in a few minutes; otherwise fix the certificate (the probe always verifies it)'

/** The first error code found on the error, its causes, or an AggregateError's members. */
export function errorCode(error: unknown, depth = 0): string | undefined {
  if (!error || typeof error !== 'object' || depth > 4) return undefined
  const e = error as { code?: unknown; cause?: unknown; errors?: unknown }
  if (typeof e.code === 'string' && e.code) return e.code
  const fromCause = errorCode(e.cause, depth + 1)
  if (fromCause) return fromCause
  if (Array.isArray(e.errors)) for (const member of e.errors) {
    const code = errorCode(member, depth + 1)
    if (code) return code
  }
  return undefined
}

/**
 * Classifies a request that failed before any status: DNS, refused, reset, timeout, TLS or other.
 * @param error what fetch (or the body read) threw
 * @param host the host the request went to, named in the words
 * @param timedOut the per-request timeout fired
 * @param timeoutMs the per-request timeout, named in the words
 * @returns the failure class with words and a hint
 */
export function networkFailure(error: unknown, host: string, timedOut: boolean, timeoutMs: number): ProbeFailure {
  const code = errorCode(error)
  if (timedOut || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT' || code === 'ETIMEDOUT') {
    return {
      kind: 'timeout',
      code: 'timeout',
      transient: true,
      words: `no complete answer from ${host} within ${formatDuration(timeoutMs)}`,
      hint: 'the app may still be starting or be stuck; check the deploy logs'
    }
  }
  switch (code) {
    case 'ENOTFOUND':
      return { kind: 'dns', code, transient: true, words: `DNS name ${host.replace(/:\d+$/, '')} not found (${code})`, hint: 'has the domain been created? A new domain can take a few minutes to resolve' }
    case 'EAI_AGAIN':
      return { kind: 'dns', code, transient: true, words: `DNS lookup of ${host.replace(/:\d+$/, '')} failed temporarily (${code})`, hint: 'check that the domain exists; the resolver may be busy' }
    case 'ECONNREFUSED':
      return { kind: 'refused', code, transient: true, words: `connection to ${host} refused (${code})`, hint: 'is the app listening on the port the URL names?' }
    case 'ECONNRESET':
    case 'EPIPE':
    case 'UND_ERR_SOCKET':
    case 'UND_ERR_CLOSED':
      return { kind: 'reset', code, transient: true, words: `connection to ${host} reset (${code})`, hint: 'the app may be restarting; check the deploy logs' }
    case 'CERT_HAS_EXPIRED':
      return { kind: 'tls', code, transient: false, words: `the certificate of ${host} has expired (${code})`, hint: TLS_HINT }
    case 'CERT_NOT_YET_VALID':
      return { kind: 'tls', code, transient: false, words: `the certificate of ${host} is not valid yet (${code})`, hint: TLS_HINT }
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return { kind: 'tls', code, transient: false, words: `the certificate does not cover ${host} (${code})`, hint: TLS_HINT }
  }
  if (code && TLS_UNTRUSTED.has(code)) {
    return { kind: 'tls', code, transient: false, words: `the certificate of ${host} is not trusted (${code})`, hint: TLS_HINT }
  }
  if (code && /^(ERR_SSL_|ERR_TLS_|SSL_)/.test(code)) {
    return { kind: 'tls', code, transient: false, words: `the TLS handshake with ${host} failed (${code})`, hint: TLS_HINT }
  }
  const what = code ?? (error instanceof Error ? error.message : String(error))
  return { kind: 'network', code: code ?? 'network error', transient: true, words: `the request to ${host} failed (${what})`, hint: 'check health-url and that the app is reachable' }
}

/**
 * Classifies a status outside health-status. 408/425/429/5xx are "not ready yet"; other codes point at
 * the URL or the accepted statuses.
 * @param status the HTTP status answered
 * @param path the probed path, named for 404s
 * @param accepted health-status as written, for the hint
 * @param retryAfter the Retry-After header, if any
 * @param now the current time (for HTTP-date Retry-After values)
 */
export function statusFailure(status: number, path: string, accepted: string, retryAfter: string | null, now: number): ProbeFailure {
  const code = `HTTP ${status}`
  const retryAfterMs = parseRetryAfter(retryAfter, now)
  if (status >= 500 || TRANSIENT_STATUSES.has(status)) {
    const hint =
      status === 429
        ? 'the endpoint rate-limits the probe; raise health-interval'
        : status === 502 || status === 503 || status === 504
          ? "the app is not answering behind Railway's edge yet: is it listening on $PORT? Check the deploy logs"
          : 'the app fails on this path; check the deploy logs'
    return { kind: 'status', code, transient: true, words: `${code} from ${path}`, hint, retryAfterMs }
  }
  if (status === 404) {
    return { kind: 'status', code, transient: false, words: `${code}: ${path} not found`, hint: 'is the path right? Set health-path (default: Railway healthcheckPath, else /health) or health-url' }
  }
  if (status === 401 || status === 403) {
    return { kind: 'status', code, transient: false, words: `${code} from ${path}`, hint: 'the probe sends no credentials; point health-path at a public health endpoint' }
  }
  return { kind: 'status', code, transient: false, words: `${code} from ${path}, not in health-status (${accepted})`, hint: 'fix the endpoint, or add this status to health-status if it is expected' }
}

/** Retry-After as delay-seconds or an HTTP-date (RFC 9110 §10.2.3), in ms from now. */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (!value) return undefined
  const trimmed = value.trim()
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000
  const at = Date.parse(trimmed)
  return Number.isNaN(at) ? undefined : Math.max(0, at - now)
}

/** "3f2a9c1e7b4d" — enough of a commit SHA (a long unbroken token) to recognise it. */
export function shortVersion(version: string): string {
  return /^[0-9a-z]{20,}$/i.test(version) ? version.slice(0, 12) : version.length > 60 ? `${version.slice(0, 57)}...` : version
}
