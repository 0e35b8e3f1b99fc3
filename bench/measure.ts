import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { runAction, startSandbox, type RunResult, type Sandbox, type SandboxOptions } from '../sandbox/index.ts'
import type { FakeDeployment } from '../sandbox/fake-railway.ts'
import type { Scenario } from '../sandbox/scenarios/index.ts'

/**
 * One run of the bundled action against a fresh sandbox, and what the benchmark reads off it. Every
 * number comes from what the fakes saw (status history, requests, probe hits) or from timestamps of
 * the action's stdout lines, never from the action's own report, so the same harness measures
 * whatever the bundle does — polling today, the subscription once it lands.
 */

const CPU_PRELOAD = fileURLToPath(new URL('./cpu-preload.mjs', import.meta.url))

export interface RunMeasurement {
  ok: boolean
  result: string
  exitCode: number | null
  /** How the action says it followed the deployment ("polling", "subscription", or "" when unknown). */
  followedBy: string[]
  wallMs: number
  /** User + system CPU time of the action process. */
  cpuMs?: number
  /** Spawn → the first request the fake Railway answered. */
  startupMs?: number
  /** SUCCESS set in the fake → the first sign the action knew (a stdout line naming SUCCESS, or its first probe). */
  endDetectionMs: number[]
  /** The new version starts answering → the `successes`-th consecutive passing probe. */
  healthDetectionMs: number[]
  /** SUCCESS set in the fake → the action process exited with its verdict. */
  successToVerdictMs: number[]
  railwayHttp: number
  railwayWsMessages: number
  railwayByOperation: Record<string, number>
  githubCalls: number
  githubByEndpoint: Record<string, number>
  stderr: string
}

export interface MeasureOptions {
  timeScale: number
  inputs: Record<string, string>
  /** Scenario ms the new version answers 503 after the switch (the sample app's slow start). */
  appStartMs: number
  /** Consecutive passes the gate needs (the health-successes input). */
  successes: number
  measureCpu?: boolean
  /** Prepare the world before the run (seed an existing comment...). */
  prepare?: (sandbox: Sandbox) => void
  sandbox?: SandboxOptions
}

function countBy<T>(items: readonly T[], key: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {}
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1
  return counts
}

function successTime(deployment: FakeDeployment): number | undefined {
  return deployment.history.find((h) => h.status === 'SUCCESS')?.at
}

function followedByOf(result: RunResult): string[] {
  try {
    const report = JSON.parse(result.outputs.report ?? '{}') as { services?: Array<{ deployment?: { followedBy?: string } }> }
    return (report.services ?? []).map((s) => s.deployment?.followedBy ?? '')
  } catch {
    return []
  }
}

export async function measureRun(scenario: Scenario, options: MeasureOptions): Promise<RunMeasurement> {
  const sandbox = await startSandbox(scenario, { timeScale: options.timeScale, ...options.sandbox })
  const usageDir = options.measureCpu ? mkdtempSync(join(tmpdir(), 'rdg-bench-cpu-')) : undefined
  const usageFile = usageDir ? join(usageDir, 'usage.json') : undefined
  const stdoutLines: Array<{ line: string; at: number }> = []
  try {
    options.prepare?.(sandbox)
    const result = await runAction(sandbox, {
      inputs: options.inputs,
      onStdoutLine: (line, at) => stdoutLines.push({ line, at }),
      env: usageFile ? { NODE_OPTIONS: `--import=${pathToFileURL(CPU_PRELOAD).href}`, BENCH_USAGE_FILE: usageFile } : undefined
    })
    const exitedAt = result.startedAt + result.durationMs
    const ours = sandbox.railway.deployments.filter((d) => !d.id.startsWith('dep-prev-'))
    const measurement: RunMeasurement = {
      ok: result.exitCode === 0 && result.outputs.result === 'success',
      result: result.outputs.result ?? '',
      exitCode: result.exitCode,
      followedBy: followedByOf(result),
      wallMs: result.durationMs,
      endDetectionMs: [],
      healthDetectionMs: [],
      successToVerdictMs: [],
      railwayHttp: sandbox.railway.requests.filter((r) => r.transport === 'http').length,
      railwayWsMessages: sandbox.railway.wsMessages.length,
      railwayByOperation: countBy(sandbox.railway.requests, (r) => `${r.transport}:${r.operation}`),
      githubCalls: sandbox.github.calls.length,
      githubByEndpoint: countBy(sandbox.github.calls, (c) => `${c.method} ${c.path.split('?')[0].replace(/\/(?:\d+|[0-9a-f]{40})(?=\/|$)/g, '/:id')}`),
      stderr: result.stderr
    }
    const first = sandbox.railway.requests.map((r) => r.at).sort((a, b) => a - b)[0]
    if (first !== undefined) measurement.startupMs = first - result.startedAt
    if (usageFile) {
      try {
        const usage = JSON.parse(readFileSync(usageFile, 'utf8')) as { userCPUTime: number; systemCPUTime: number }
        measurement.cpuMs = (usage.userCPUTime + usage.systemCPUTime) / 1000
      } catch {
        // The preload writes on exit; a killed process leaves nothing, and the run reports no CPU time.
      }
    }
    for (const deployment of ours) {
      const successAt = successTime(deployment)
      if (successAt === undefined) continue
      const app = sandbox.apps.get(deployment.serviceId)
      const hits = (app?.hits ?? []).filter((h) => h.at >= successAt)
      // Any line naming SUCCESS after it was set is proof the action knew; so is probing the new version.
      const line = stdoutLines.find((l) => l.at >= successAt && /\bSUCCESS\b/.test(l.line) && (ours.length === 1 || l.line.includes(deployment.id)))
      const known = Math.min(line?.at ?? Infinity, hits[0]?.at ?? Infinity)
      if (Number.isFinite(known)) measurement.endDetectionMs.push(known - successAt)
      const answersAt = successAt + options.appStartMs * options.timeScale
      const passing = hits.filter((h) => h.at >= answersAt && h.status >= 200 && h.status < 300)
      const pass = passing[options.successes - 1]
      if (pass) measurement.healthDetectionMs.push(pass.at - answersAt)
      measurement.successToVerdictMs.push(exitedAt - successAt)
    }
    return measurement
  } finally {
    await sandbox.stop()
    if (usageDir) rmSync(usageDir, { recursive: true, force: true })
  }
}
