import { backoffDelay, Deadline, formatDuration, type Clock } from '../clock.js'
import type { HealthConfig } from '../config/inputs.js'
import type { Logger } from '../logger.js'
import type { HealthRecord, ProbeRecord } from '../report/model.js'
import { probeOnce } from './probe.js'

/**
 * The health gate: probes the service's URL after our deployment is SUCCESS until `successes`
 * consecutive probes pass, or the deadline. One failure resets the count.
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
  if (!publicUrl) return { reason: 'the service has no public domain' }
  const path = health.path ?? (endpoint.healthcheckPath || '/health')
  return { url: publicUrl + (path.startsWith('/') ? path : `/${path}`), publicUrl, reason: 'service domain' }
}

export interface GateOptions {
  fetch: typeof fetch
  clock: Clock
  random: () => number
  log: Logger
  signal?: AbortSignal
  /** Per-probe timeout. */
  requestTimeoutMs?: number
  maxBodyBytes?: number
  /** Probes kept in the record (the first and the last ones). */
  keepProbes?: number
}

export async function runHealthGate(url: string, health: HealthConfig, options: GateOptions): Promise<HealthRecord> {
  const { clock, log } = options
  const started = clock.now()
  const deadline = new Deadline(clock, health.timeoutMs)
  const probes: ProbeRecord[] = []
  let consecutive = 0
  let failures = 0
  let lastChecks: HealthRecord['lastChecks']
  let lastError = ''
  for (;;) {
    const result = await probeOnce(url, health, {
      fetch: options.fetch,
      now: () => clock.now(),
      requestTimeoutMs: Math.min(options.requestTimeoutMs ?? 10_000, Math.max(1, deadline.remaining())),
      maxBodyBytes: options.maxBodyBytes ?? 64 * 1024,
      signal: options.signal
    })
    probes.push({ at: new Date(clock.now()).toISOString(), status: result.status, latencyMs: result.latencyMs, ok: result.ok, detail: result.detail })
    lastChecks = result.checks
    log.info(`Probe ${probes.length}: ${url} → ${result.detail}${result.ok ? ' (pass)' : ''}`)
    if (result.ok) {
      consecutive++
      failures = 0
      if (consecutive >= health.successes) {
        return {
          verdict: 'passed',
          url,
          reason: `${consecutive} consecutive passing probe${consecutive > 1 ? 's' : ''}`,
          probes,
          totalProbes: probes.length,
          timeToHealthyMs: clock.now() - started,
          lastChecks
        }
      }
    } else {
      consecutive = 0
      lastError = result.errorClass ?? result.detail
      failures++
    }
    const wait = result.ok ? health.intervalMs : Math.max(health.intervalMs / 4, backoffDelay(failures, health.intervalMs, health.intervalMs * 8, options.random))
    if (deadline.remaining() <= wait) break
    await clock.sleep(wait, options.signal)
  }
  return {
    verdict: 'failed',
    url,
    reason: `no ${health.successes} consecutive passes within ${formatDuration(health.timeoutMs)}; last failure: ${lastError || 'none'}`,
    probes,
    totalProbes: probes.length,
    lastChecks
  }
}
