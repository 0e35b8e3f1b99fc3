import { backoffDelay, Deadline, formatDuration, type Clock } from '../clock.js'
import type { HealthConfig } from '../config/inputs.js'
import type { Logger } from '../logger.js'
import type { HealthRecord } from '../report/model.js'
import { probeOnce, type ProbeResult } from './probe.js'
import { ProbeLog } from './record.js'

/**
 * The health gate: probes the service's URL after our deployment is SUCCESS until `successes`
 * consecutive probes pass, or the deadline. One failure resets the count. Failures that mean "not
 * ready yet" (DNS for a new domain, refused, 5xx, timeouts) back off and retry until health-timeout;
 * failures that mean "wrong setup" (404, an untrusted certificate, a redirect to another host) end the
 * gate after a few probes in a row, so a typo in health-path costs seconds, not the whole timeout.
 */

export interface ServiceEndpoint {
  customDomains: string[]
  serviceDomains: string[]
  healthcheckPath?: string | null
}

export interface HealthTarget {
  /** The URL to probe, or undefined when there is none (worker) or the probe is off. */
  url?: string
  /** The service's public URL (for the report and the GitHub Deployment). */
  publicUrl?: string
  reason: string
}

/** Where to probe: health-url, else https:// + first custom domain, else Railway domain, + path. */
export function healthTarget(health: HealthConfig, endpoint: ServiceEndpoint): HealthTarget {
  const domain = endpoint.customDomains[0] ?? endpoint.serviceDomains[0]
  const publicUrl = domain ? `https://${domain}` : undefined
  if (health.url === 'none') return { publicUrl, reason: 'health-url: none — the HTTP probe is off' }
  if (health.url) return { url: health.url, publicUrl: publicUrl ?? health.url, reason: 'health-url' }
  if (!publicUrl) return { reason: 'the service has no public domain, so the stability rule (stable-for) applies instead' }
  const path = health.path ?? (endpoint.healthcheckPath || '/health')
  return { url: publicUrl + (path.startsWith('/') ? path : `/${path}`), publicUrl, reason: 'service domain' }
}

export interface GateOptions {
  fetch: typeof fetch
  clock: Clock
  random: () => number
  log: Logger
  signal?: AbortSignal
  /** Per-probe timeout, covering redirects and the body (default 10s). */
  requestTimeoutMs?: number
  /** Body bytes read at most (default 64 KiB). */
  maxBodyBytes?: number
  /** Probes kept in the record: the first ones and the last ones (default 5 and 20). */
  keepFirst?: number
  keepLast?: number
  /** When our deployment reached SUCCESS; time to healthy counts from there (default: the gate's start). */
  since?: number
  /** Setup-like failures in a row that end the gate before health-timeout (default 3). */
  failFastAfter?: number
  /** Passed on to the probe (tests control the per-request timeout with it). */
  timeoutSignal?: (ms: number) => AbortSignal
  regexTimeoutMs?: number
}

export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000
export const DEFAULT_MAX_BODY_BYTES = 64 * 1024
export const DEFAULT_FAIL_FAST_AFTER = 3

/**
 * Probes until the new version proves healthy, a setup problem is confirmed, or health-timeout.
 * @param url the health URL (see healthTarget)
 * @param health what passes, how often to probe and for how long
 * @param options side effects (fetch, clock, random, log) and bounds
 * @returns the health record: verdict, reason in words, kept probes and their total
 */
export async function runHealthGate(url: string, health: HealthConfig, options: GateOptions): Promise<HealthRecord> {
  const { clock, log } = options
  const started = clock.now()
  const failFastAfter = options.failFastAfter ?? DEFAULT_FAIL_FAST_AFTER
  const probes = new ProbeLog(options.keepFirst, options.keepLast)
  const record = (verdict: HealthRecord['verdict'], reason: string, extra: Partial<HealthRecord> = {}): HealthRecord => ({
    verdict,
    url,
    reason,
    probes: probes.list(),
    totalProbes: probes.total,
    ...extra
  })

  const deadline = new Deadline(clock, health.timeoutMs)
  let consecutive = 0
  let transientStreak = 0
  let setupStreak = 0
  let lastFailure: ProbeResult | undefined
  let previous: ProbeResult | undefined
  let failureSince = started
  let lastChecks: HealthRecord['lastChecks']
  for (;;) {
    const at = clock.now()
    const result = await probeOnce(url, health, {
      fetch: options.fetch,
      now: () => clock.now(),
      requestTimeoutMs: Math.min(options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS, Math.max(1, deadline.remaining())),
      maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
      signal: options.signal,
      timeoutSignal: options.timeoutSignal,
      regexTimeoutMs: options.regexTimeoutMs
    })
    probes.add({ at: new Date(at).toISOString(), status: result.status, latencyMs: result.latencyMs, ok: result.ok, detail: result.detail })
    lastChecks = result.checks
    log.info(`Probe ${probes.total}: ${url} → ${result.detail}${result.ok ? ' (pass)' : ''}`)

    if (result.ok) {
      consecutive++
      transientStreak = 0
      setupStreak = 0
      if (consecutive >= health.successes) {
        return record('passed', `${consecutive} consecutive passing probe${consecutive > 1 ? 's' : ''}`, {
          timeToHealthyMs: clock.now() - (options.since ?? started),
          lastChecks
        })
      }
    } else {
      consecutive = 0
      // How long this same failure has lasted: "DNS name … not found for 5m".
      if (!previous || previous.ok || previous.errorClass !== result.errorClass) failureSince = at
      lastFailure = result
      if (result.transient) {
        transientStreak++
        setupStreak = 0
      } else {
        setupStreak++
        if (setupStreak >= failFastAfter) {
          const f = result.failure!
          return record('failed', `${f.words} on ${setupStreak} probes in a row — ${f.hint}`, { lastChecks })
        }
      }
    }

    previous = result
    const wait = nextWait(result, transientStreak, health.intervalMs, options.random)
    if (deadline.remaining() <= wait) break
    await clock.sleep(wait, options.signal)
  }

  const within = `within health-timeout (${formatDuration(health.timeoutMs)}, ${probes.total} probe${probes.total === 1 ? '' : 's'})`
  if (!lastFailure?.failure) {
    // Every probe passed, but not enough of them fit before the deadline.
    return record(
      'failed',
      `only ${consecutive} of ${health.successes} consecutive passes fit ${within}; raise health-timeout or lower health-successes`,
      { lastChecks }
    )
  }
  const f = lastFailure.failure
  if (probes.passes > 0) {
    return record(
      'failed',
      `the endpoint flapped ${within}: ${probes.passes} passed but never ${health.successes} in a row; last failure: ${f.words}. The app answers intermittently; look for restarts or a failing dependency in the deploy logs`,
      { lastChecks }
    )
  }
  return record('failed', `no healthy answer ${within}: ${f.words} for ${formatDuration(clock.now() - failureSince)} — ${f.hint}`, { lastChecks })
}

/**
 * How long to wait before the next probe. An endpoint that answers (a pass, an old version, a setup
 * problem) is probed at the interval; one that is not reachable or overloaded backs off exponentially
 * with full jitter, capped at 4 intervals, and never sooner than Retry-After asks.
 */
function nextWait(result: ProbeResult, transientStreak: number, intervalMs: number, random: () => number): number {
  const failure = result.failure
  if (result.ok || !failure || !failure.transient || failure.kind === 'version' || failure.kind === 'body') return intervalMs
  const backoff = Math.max(intervalMs / 4, backoffDelay(transientStreak, intervalMs, intervalMs * 4, random))
  return Math.max(backoff, failure.retryAfterMs ?? 0)
}
