import { readFileSync } from 'node:fs'
import { request } from 'node:https'
import { setTimeout as sleep } from 'node:timers/promises'
import { startSandbox, type SandboxOptions } from '../sandbox/index.ts'
import { TLS_DIR } from '../sandbox/sample-app.ts'
import { ENVIRONMENT, PROJECT_TOKEN, type Scenario } from '../sandbox/scenarios/index.ts'

/**
 * The ways teams wait for a Railway deploy today, as small clients run on the same sandbox timelines:
 *  - the Railway CLI's fallback when its socket fails: read the deployment's status every 5 s, no
 *    deadline of its own (here bounded by `giveUpMs` so the bench always ends);
 *  - a curl-style loop after it: probe the health URL at a fixed delay, no jitter, no version check.
 */

const CA = readFileSync(new URL('ca.pem', TLS_DIR))

async function graphql(url: string, query: string, variables: Record<string, unknown>): Promise<Record<string, unknown>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'project-access-token': PROJECT_TOKEN },
    body: JSON.stringify({ query, variables })
  })
  const body = (await response.json()) as { data?: Record<string, unknown>; errors?: Array<{ message: string }> }
  if (body.errors?.length) throw new Error(body.errors.map((e) => e.message).join('; '))
  return body.data ?? {}
}

/** One curl-like GET: a fresh TLS connection each time, the status code only. */
function probe(url: string, timeoutMs: number): Promise<number> {
  return new Promise((resolve) => {
    const req = request(url, { ca: CA, agent: false, timeout: timeoutMs }, (res) => {
      res.resume()
      res.on('end', () => resolve(res.statusCode ?? 0))
    })
    req.on('timeout', () => req.destroy())
    req.on('error', () => resolve(0))
    req.end()
  })
}

export interface BaselineOptions {
  timeScale: number
  /** The CLI's 5 s, scaled. */
  pollMs: number
  /** The fixed delay between probes (the same health-interval the action gets), scaled. */
  probeDelayMs: number
  /** Passing probes in a row (the same as the action's health-successes, for a like-for-like time). */
  successes: number
  appStartMs: number
  giveUpMs: number
  sandbox?: SandboxOptions
}

export interface BaselineMeasurement {
  ok: boolean
  endDetectionMs?: number
  healthDetectionMs?: number
  railwayHttp: number
  /** Probes that passed while the previous version still answered (no version check). */
  falsePasses: number
}

export async function measureBaseline(scenario: Scenario, options: BaselineOptions): Promise<BaselineMeasurement> {
  const sandbox = await startSandbox(scenario, { timeScale: options.timeScale, ...options.sandbox })
  try {
    const service = scenario.services[0]
    const deadline = Date.now() + options.giveUpMs
    const deployed = await graphql(
      sandbox.railway.url,
      'mutation Deploy($environmentId: String!, $serviceId: String!, $commitSha: String) { serviceInstanceDeployV2(environmentId: $environmentId, serviceId: $serviceId, commitSha: $commitSha) }',
      { environmentId: ENVIRONMENT.id, serviceId: service.id, commitSha: 'baseline' }
    )
    const id = String(deployed.serviceInstanceDeployV2)
    let status = ''
    let knownAt = 0
    while (Date.now() < deadline) {
      await sleep(options.pollMs)
      const data = await graphql(sandbox.railway.url, 'query Deployment($id: String!) { deployment(id: $id) { id status } }', { id })
      status = (data.deployment as { status: string }).status
      knownAt = Date.now()
      if (['SUCCESS', 'FAILED', 'CRASHED', 'REMOVED', 'SKIPPED'].includes(status)) break
    }
    const deployment = sandbox.railway.deployments.find((d) => d.id === id)
    const successAt = deployment?.history.find((h) => h.status === 'SUCCESS')?.at
    const railwayHttp = () => sandbox.railway.requests.filter((r) => r.transport === 'http').length
    if (status !== 'SUCCESS' || successAt === undefined) return { ok: false, railwayHttp: railwayHttp(), falsePasses: 0 }

    const url = `https://${sandbox.apps.get(service.id)!.host}${service.healthcheckPath ?? '/health'}`
    const answersAt = successAt + options.appStartMs * options.timeScale
    let inARow = 0
    let falsePasses = 0
    let passedAt: number | undefined
    while (Date.now() < deadline) {
      const code = await probe(url, 10_000)
      const at = Date.now()
      if (code >= 200 && code < 300) {
        if (at < answersAt) falsePasses++
        if (++inARow >= options.successes) {
          passedAt = at
          break
        }
      } else {
        inARow = 0
      }
      await sleep(options.probeDelayMs)
    }
    return {
      ok: passedAt !== undefined,
      endDetectionMs: knownAt - successAt,
      healthDetectionMs: passedAt === undefined ? undefined : passedAt - answersAt,
      railwayHttp: railwayHttp(),
      falsePasses
    }
  } finally {
    await sandbox.stop()
  }
}
