import type { HealthConfig } from '../config/inputs.js'
import { statusAccepted } from '../config/parse.js'

/**
 * One HTTP probe of the health URL: bounded in time and in bytes read, TLS always verified, no
 * credentials sent. Returns what the gate needs to judge it; never throws.
 */

export interface ProbeResult {
  ok: boolean
  status?: number
  latencyMs: number
  /** Short description for the report: "200, version matched" or "ECONNREFUSED". */
  detail: string
  /** The failure is worth retrying (connection refused, 5xx, DNS for a new domain...). */
  transient: boolean
  /** Error class name for the final message (ENOTFOUND, timeout, status 404...). */
  errorClass?: string
  checks: { status?: boolean; body?: boolean; version?: boolean }
}

export interface ProbeOptions {
  fetch: typeof fetch
  now: () => number
  requestTimeoutMs: number
  maxBodyBytes: number
  signal?: AbortSignal
}

const TRANSIENT_STATUSES = new Set([408, 425, 429, 500, 502, 503, 504, 544])

/** Reads at most `limit` bytes of the body, then stops the download. */
export async function readCapped(response: Response, limit: number): Promise<string> {
  if (!response.body) return ''
  const reader = response.body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  try {
    while (size < limit) {
      const { done, value } = await reader.read()
      if (done) break
      chunks.push(value)
      size += value.byteLength
    }
  } finally {
    await reader.cancel().catch(() => undefined)
  }
  const joined = Buffer.concat(chunks)
  return joined.subarray(0, limit).toString('utf8')
}

function matchesBody(body: string, match: HealthConfig['body']): boolean {
  if (!match) return true
  if (match.kind === 'text') return body.includes(match.source)
  return new RegExp(match.source, match.flags).test(body)
}

function networkErrorClass(error: unknown): string {
  const cause = (error as { cause?: { code?: string; name?: string } })?.cause
  if (cause?.code) return cause.code
  if (error instanceof Error && error.name === 'TimeoutError') return 'timeout'
  return error instanceof Error ? error.name : 'error'
}

export async function probeOnce(url: string, health: HealthConfig, options: ProbeOptions): Promise<ProbeResult> {
  const started = options.now()
  const timeout = AbortSignal.timeout(options.requestTimeoutMs)
  const signal = options.signal ? AbortSignal.any([timeout, options.signal]) : timeout
  try {
    const response = await options.fetch(url, {
      method: 'GET',
      redirect: 'follow',
      headers: { 'User-Agent': 'railway-deploy-gate health probe', Accept: '*/*' },
      signal
    })
    const body = await readCapped(response, options.maxBodyBytes)
    const latencyMs = options.now() - started
    const checks = {
      status: statusAccepted(response.status, health.statuses),
      body: health.body ? matchesBody(body, health.body) : undefined,
      version: health.version ? body.includes(health.version) || headersContain(response.headers, health.version) : undefined
    }
    const ok = checks.status && checks.body !== false && checks.version !== false
    const notes = [String(response.status)]
    if (checks.version === true) notes.push('version matched')
    if (checks.version === false) notes.push('version not found')
    if (checks.body === false) notes.push('body did not match')
    return {
      ok,
      status: response.status,
      latencyMs,
      detail: notes.join(', '),
      transient: !ok && (TRANSIENT_STATUSES.has(response.status) || checks.status),
      errorClass: ok ? undefined : checks.status ? (checks.version === false ? 'version mismatch' : 'body mismatch') : `status ${response.status}`,
      checks
    }
  } catch (error) {
    const errorClass = timeout.aborted ? 'timeout' : networkErrorClass(error)
    return {
      ok: false,
      latencyMs: options.now() - started,
      detail: errorClass,
      transient: true,
      errorClass,
      checks: {}
    }
  }
}

function headersContain(headers: Headers, version: string): boolean {
  for (const [, value] of headers) if (value.includes(version)) return true
  return false
}
