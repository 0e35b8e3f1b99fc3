import { web, type DeployStep, type Scenario, type ScenarioService } from '../sandbox/scenarios/index.ts'
import { seededRandom } from './stats.ts'

/**
 * Realistic Railway timelines for the benchmark, in real (unscaled) milliseconds. The fake Railway and
 * the sample app multiply them by the sandbox's timeScale; the action's own intervals are scaled by the
 * same factor (scaledInputs), so every ratio between a timeline and an interval stays as it is in life.
 */

export interface Timeline {
  /** Queue + build + deploy, as the status steps see them. */
  steps: DeployStep[]
  /** When SUCCESS is set (real ms after the deployment is created). */
  successAt: number
  /** How long the new version keeps answering 503 after traffic switches (app start-up). */
  appStartMs: number
}

const QUEUE_MS = 2_000

export function timelineOf(buildMs: number, deployMs: number, appStartMs: number): Timeline {
  const successAt = QUEUE_MS + buildMs + deployMs
  return {
    steps: [
      { status: 'INITIALIZING', at: 0 },
      { status: 'BUILDING', at: QUEUE_MS },
      { status: 'DEPLOYING', at: QUEUE_MS + buildMs },
      { status: 'SUCCESS', at: successAt }
    ],
    successAt,
    appStartMs
  }
}

/** Build 60–240 s, deploy 20–60 s, app start-up 2–10 s, drawn from a seeded stream. */
export function realisticTimelines(count: number, seed = 7): Timeline[] {
  const random = seededRandom(seed)
  return Array.from({ length: count }, () => timelineOf(60_000 + 180_000 * random(), 20_000 + 40_000 * random(), 2_000 + 8_000 * random()))
}

/** The "5-minute deploy" of the request-count targets: 2 s queued, 240 s build, 58 s deploy. */
export const FIVE_MINUTE_DEPLOY = timelineOf(240_000, 58_000, 3_000)

/** Everything answers at once: what is left of a run is the action's own overhead. */
export const INSTANT: Timeline = { steps: [{ status: 'INITIALIZING', at: 0 }, { status: 'SUCCESS', at: 0 }], successAt: 0, appStartMs: 0 }

export function benchService(index: number, timeline: Timeline): ScenarioService {
  return web({
    id: `svc-bench-${index}`,
    name: index === 0 ? 'web' : `web-${index}`,
    steps: timeline.steps,
    app: timeline.appStartMs > 0 ? { mode: 'slow-start', failForMs: timeline.appStartMs } : { mode: 'healthy' }
  })
}

/** A Django project of `services` web services that all follow the same timeline. */
export function benchScenario(timeline: Timeline, options: { services?: number; pollingOnly?: boolean } = {}): Scenario {
  const services = Array.from({ length: options.services ?? 1 }, (_, i) => benchService(i, timeline))
  return {
    name: 'bench',
    description: 'Benchmark timeline',
    expect: { result: 'success' },
    tokenKind: 'project',
    services,
    inputs: { stack: 'django' },
    faults: options.pollingOnly ? { noWebSocket: true } : undefined
  }
}

/** Formats milliseconds as an input duration the action accepts ("120ms"). */
export function ms(value: number): string {
  return `${Math.max(1, Math.round(value))}ms`
}

/** The action's defaults (SPEC.md) scaled like the timeline: poll-interval 10s, health-interval 2s... */
export function scaledInputs(timeScale: number, extra: Record<string, string> = {}): Record<string, string> {
  return {
    'poll-interval': ms(10_000 * timeScale),
    timeout: ms(15 * 60_000 * timeScale),
    'health-interval': ms(2_000 * timeScale),
    'health-timeout': ms(5 * 60_000 * timeScale),
    'health-successes': '2',
    ...extra
  }
}
