import type { z } from 'zod'
import { backoffDelay, type Clock, type Deadline } from '../clock.js'
import { GateError } from '../errors.js'
import type { Logger } from '../logger.js'

/**
 * The one place that talks to Railway's GraphQL API over HTTP. It picks the auth header for the token
 * kind, bounds every request with a timeout, treats `errors[]` on HTTP 200 as errors, classifies them,
 * retries what is worth retrying within the caller's deadline, and validates answers with zod.
 */

export type TokenKind = 'project' | 'account'

export interface RailwayClientOptions {
  apiUrl: string
  token: string
  /** The header to send; `resolveTarget` settles it for `token-type: auto`. */
  tokenKind: TokenKind
  fetch: typeof fetch
  clock: Clock
  random: () => number
  log: Logger
  /** Per-request timeout. */
  requestTimeoutMs?: number
  /** Attempts for a retryable failure when the caller gives no deadline. */
  maxAttempts?: number
  /** Aborts everything in flight (job cancellation). */
  signal?: AbortSignal
}

export interface RequestOptions {
  /** Retries stop when this passes; without one, maxAttempts bounds them. */
  deadline?: Deadline
  /**
   * False for mutations: a timeout or reset after sending may have deployed already, so the error is
   * marked ambiguous and not retried here; the caller looks before it tries again.
   */
  idempotent?: boolean
}

/** Rate-limit headers from the last answer; polling lengthens its interval when `remaining` runs low. */
export interface RateLimitState {
  limit?: number
  remaining?: number
  resetAt?: string
}

export interface ClientStats {
  httpRequests: number
  retries: number
  rateLimited: number
}

const AUTH_PATTERNS = [/project token not found/i, /not authori[sz]ed/i, /unauthori[sz]ed/i, /two factor authentication/i, /invalid token/i]
const NOT_FOUND_PATTERNS = [/not found/i, /does not exist/i]
const TRANSIENT_PATTERNS = [/problem processing request/i, /internal server error/i, /timed? ?out/i, /try again/i]

/** The operation name of a document, for logs and messages. */
export function operationName(document: string): string {
  return /(?:query|mutation|subscription)\s+(\w+)/.exec(document)?.[1] ?? 'request'
}

/** Retry-After is either seconds or an HTTP date (RFC 9110). */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (!value) return undefined
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Math.round(Number(value) * 1000)
  const date = Date.parse(value)
  return Number.isNaN(date) ? undefined : Math.max(0, date - now)
}

export function classifyGraphQLError(message: string, operation: string, tokenKind: TokenKind): GateError {
  const text = `Railway ${operation} failed: ${message}.`
  if (AUTH_PATTERNS.some((p) => p.test(message))) {
    const header = tokenKind === 'project' ? 'Project-Access-Token' : 'Authorization: Bearer'
    return new GateError('auth', `Railway rejected the token (sent as ${header}) for ${operation}: ${message}.`, {
      hint:
        'Check that railway-token holds a valid token with access to this project and environment; ' +
        'a project token is scoped to one environment, an account or workspace token needs `token-type: account` and `project:`.'
    })
  }
  if (NOT_FOUND_PATTERNS.some((p) => p.test(message))) return new GateError('not-found', text)
  // The server may have acted before it failed: for a mutation the outcome is unknown.
  if (TRANSIENT_PATTERNS.some((p) => p.test(message))) return new GateError('transient', text, { ambiguous: true })
  return new GateError('railway', text)
}

/** The longest a request without a deadline waits before one retry. */
const MAX_WAIT_WITHOUT_DEADLINE_MS = 60_000

export class RailwayClient {
  readonly stats: ClientStats = { httpRequests: 0, retries: 0, rateLimited: 0 }
  readonly rateLimit: RateLimitState = {}
  tokenKind: TokenKind
  private readonly options: Required<Omit<RailwayClientOptions, 'signal'>> & { signal?: AbortSignal }

  constructor(options: RailwayClientOptions) {
    this.options = { requestTimeoutMs: 30_000, maxAttempts: 4, ...options }
    this.tokenKind = options.tokenKind
  }

  get apiUrl(): string {
    return this.options.apiUrl
  }

  /** The auth header for the current token kind (also sent on the WebSocket upgrade). */
  authHeaders(): Record<string, string> {
    return this.tokenKind === 'project'
      ? { 'Project-Access-Token': this.options.token }
      : { Authorization: `Bearer ${this.options.token}` }
  }

  /** Sends a document and returns its validated `data`. */
  async request<S extends z.ZodType>(
    document: string,
    variables: Record<string, unknown>,
    schema: S,
    options: RequestOptions = {}
  ): Promise<z.infer<S>> {
    const { clock, random, log } = this.options
    const operation = operationName(document)
    const idempotent = options.idempotent ?? true
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.send(document, variables, schema, operation, options.deadline)
      } catch (error) {
        if (!(error instanceof GateError)) throw error
        const retryable = error.kind === 'transient' || error.kind === 'rate-limited'
        // A mutation is retried here only after a 429, which Railway answers before doing anything; any
        // other failure may have happened after it acted, and the caller looks before trying again.
        if (!retryable || (!idempotent && error.kind !== 'rate-limited')) throw error
        const lastAttempt = options.deadline ? false : attempt + 1 >= this.options.maxAttempts
        const wait = error.retryAfterMs ?? backoffDelay(attempt, 500, 15_000, random)
        const jitter = error.retryAfterMs === undefined ? 0 : Math.floor(random() * 250)
        // Without a deadline a call may not sleep out a long Retry-After (an hour, when the Free plan's
        // budget is spent): it fails as rate-limited instead of holding the job.
        const tooLong = !options.deadline && wait > MAX_WAIT_WITHOUT_DEADLINE_MS
        if (lastAttempt || tooLong || (options.deadline && options.deadline.remaining() < wait + jitter)) {
          if (error.kind === 'rate-limited') {
            throw new GateError('rate-limited', `Rate-limited by Railway during ${operation}: ${error.message}`, {
              hint: 'The hourly API budget is used up (Free: 100, Hobby: 1,000 requests an hour); raise poll-interval or wait for the window to reset.'
            })
          }
          throw error
        }
        this.stats.retries++
        log.debug(`${operation}: ${error.message} — retrying in ${wait + jitter}ms`)
        await clock.sleep(wait + jitter, this.options.signal)
      }
    }
  }

  private async send<S extends z.ZodType>(
    document: string,
    variables: Record<string, unknown>,
    schema: S,
    operation: string,
    deadline?: Deadline
  ): Promise<z.infer<S>> {
    const { fetch, clock } = this.options
    // A request never outlives the caller's deadline (but gets at least a second to answer).
    const requestTimeoutMs = deadline ? Math.max(1000, Math.min(this.options.requestTimeoutMs, deadline.remaining())) : this.options.requestTimeoutMs
    const timeout = AbortSignal.timeout(requestTimeoutMs)
    const signal = this.options.signal ? AbortSignal.any([timeout, this.options.signal]) : timeout
    this.stats.httpRequests++
    let response: Response
    let text: string
    try {
      response = await fetch(this.options.apiUrl, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'User-Agent': 'railway-deploy-gate', ...this.authHeaders() },
        body: JSON.stringify({ query: document, variables }),
        signal
      })
      text = await response.text()
    } catch (error) {
      if (this.options.signal?.aborted) throw new GateError('cancelled', `Railway ${operation} was cancelled.`)
      const timedOut = timeout.aborted
      const reason = timedOut ? `no answer within ${requestTimeoutMs}ms` : describeNetworkError(error)
      throw new GateError('transient', `Railway ${operation} failed: ${reason}.`, { ambiguous: true, cause: error })
    }
    this.readRateLimit(response.headers)

    if (response.status === 429) {
      this.stats.rateLimited++
      const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), clock.now()) ?? 60_000
      throw new GateError('rate-limited', `HTTP 429 (retry after ${Math.round(retryAfterMs / 1000)}s)`, { retryAfterMs })
    }
    if (response.status >= 500) {
      throw new GateError('transient', `Railway ${operation} failed: HTTP ${response.status}.`, { ambiguous: true })
    }
    if (response.status === 401 || response.status === 403) {
      throw classifyGraphQLError(`HTTP ${response.status} Not Authorized`, operation, this.tokenKind)
    }

    let body: { data?: unknown; errors?: Array<{ message?: unknown }> }
    try {
      body = JSON.parse(text)
    } catch {
      throw new GateError('transient', `Railway ${operation} answered HTTP ${response.status} with a body that is not JSON.`, { ambiguous: true })
    }
    if (Array.isArray(body.errors) && body.errors.length > 0) {
      const message = body.errors.map((e) => String(e?.message ?? 'unknown error')).join('; ')
      throw classifyGraphQLError(message, operation, this.tokenKind)
    }
    if (response.status !== 200) {
      throw new GateError('railway', `Railway ${operation} failed: HTTP ${response.status}.`)
    }
    if (body.data === undefined || body.data === null) {
      throw new GateError('railway', `Railway ${operation} returned no data and no errors.`)
    }
    const result = schema.safeParse(body.data)
    if (!result.success) {
      const issue = result.error.issues[0]
      throw new GateError(
        'railway',
        `Railway ${operation} returned an unexpected shape at ${issue.path.join('.') || '(root)'}: ${issue.message}.`,
        { hint: 'Railway may have changed its API; please open an issue with this message.' }
      )
    }
    return result.data
  }

  private readRateLimit(headers: Headers): void {
    const remaining = headers.get('x-ratelimit-remaining')
    const limit = headers.get('x-ratelimit-limit')
    const reset = headers.get('x-ratelimit-reset')
    if (remaining !== null && !Number.isNaN(Number(remaining))) this.rateLimit.remaining = Number(remaining)
    if (limit !== null && !Number.isNaN(Number(limit))) this.rateLimit.limit = Number(limit)
    if (reset !== null) this.rateLimit.resetAt = reset
  }
}

function describeNetworkError(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause
  if (cause?.code) return `${cause.code}${cause.message ? ` (${cause.message})` : ''}`
  return error instanceof Error ? error.message : String(error)
}
