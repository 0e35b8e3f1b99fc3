import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { BUNDLE, PR_NUMBER, ROOT } from '../sandbox/index.ts'
import { measureBaseline, type BaselineMeasurement } from './baselines.ts'
import { measureLogPipeline, type PipelineSample } from './log-pipeline.ts'
import { measureRun, type RunMeasurement } from './measure.ts'
import { benchScenario, FIVE_MINUTE_DEPLOY, INSTANT, realisticTimelines, scaledInputs, timelineOf, type Timeline } from './timelines.ts'

/**
 * The benchmark's measurements, one function per question of the issue. Each returns raw samples;
 * bench.ts turns them into the table. `progress` prints a dot per run so a long run shows life.
 */

export interface Settings {
  /** Scales Railway's timeline, the app's start-up and the action's intervals alike. */
  timeScale: number
  latencyRuns: number
  requestRuns: number
  overheadRuns: number
  pipelineRuns: number
  scaleRuns: number
  scaleCounts: number[]
  progress: (text: string) => void
}

const SUCCESSES = 2

function runOptions(settings: Settings, timeline: Timeline, extra: Record<string, string> = {}) {
  return {
    timeScale: settings.timeScale,
    inputs: scaledInputs(settings.timeScale, { 'health-successes': String(SUCCESSES), ...extra }),
    appStartMs: timeline.appStartMs,
    successes: SUCCESSES
  }
}

function baselineOptions(settings: Settings, timeline: Timeline) {
  return {
    timeScale: settings.timeScale,
    pollMs: 5_000 * settings.timeScale,
    probeDelayMs: 2_000 * settings.timeScale,
    successes: SUCCESSES,
    appStartMs: timeline.appStartMs,
    giveUpMs: (timeline.successAt + 5 * 60_000) * settings.timeScale + 10_000
  }
}

export interface LatencySamples {
  subscription: RunMeasurement[]
  pollingOnly: RunMeasurement[]
  baseline: BaselineMeasurement[]
  timelines: Timeline[]
}

/** End and health detection on realistic timelines: each timeline run in all three modes. */
export async function latency(settings: Settings): Promise<LatencySamples> {
  const timelines = realisticTimelines(settings.latencyRuns)
  const out: LatencySamples = { subscription: [], pollingOnly: [], baseline: [], timelines }
  for (const timeline of timelines) {
    out.subscription.push(await measureRun(benchScenario(timeline), runOptions(settings, timeline)))
    out.pollingOnly.push(await measureRun(benchScenario(timeline, { pollingOnly: true }), runOptions(settings, timeline)))
    out.baseline.push(await measureBaseline(benchScenario(timeline), baselineOptions(settings, timeline)))
    settings.progress('.')
  }
  return out
}

export interface RequestSamples {
  subscription: RunMeasurement[]
  pollingOnly: RunMeasurement[]
  baseline: BaselineMeasurement[]
}

/**
 * Railway requests for the 5-minute deploy. Counts do not depend on the time scale (the intervals
 * scale with the timeline), so this suite runs at half the latency suites' scale to save time.
 */
export async function requests(settings: Settings): Promise<RequestSamples> {
  const t = FIVE_MINUTE_DEPLOY
  settings = { ...settings, timeScale: settings.timeScale / 2 }
  const out: RequestSamples = { subscription: [], pollingOnly: [], baseline: [] }
  for (let i = 0; i < settings.requestRuns; i++) {
    out.subscription.push(await measureRun(benchScenario(t), runOptions(settings, t)))
    out.pollingOnly.push(await measureRun(benchScenario(t, { pollingOnly: true }), runOptions(settings, t)))
    out.baseline.push(await measureBaseline(benchScenario(t), baselineOptions(settings, t)))
    settings.progress('.')
  }
  return out
}

/**
 * A full run where nothing waits: deployment SUCCESS at once, app healthy, one passing probe needed,
 * on a PR that already has the gate's sticky comment (so the GitHub count is the update path).
 */
export async function overhead(settings: Settings): Promise<RunMeasurement[]> {
  const out: RunMeasurement[] = []
  for (let i = 0; i < settings.overheadRuns; i++) {
    out.push(
      await measureRun(benchScenario(INSTANT), {
        timeScale: 1,
        inputs: { 'poll-interval': '100ms', 'health-interval': '100ms', 'health-successes': '1', timeout: '30s', 'health-timeout': '10s' },
        appStartMs: 0,
        successes: 1,
        measureCpu: true,
        prepare: (sandbox) => {
          sandbox.github.seedComment(PR_NUMBER, '<!-- railway-deploy-gate:production:web -->\nAn earlier run of the gate.', 'github-actions[bot]')
        }
      })
    )
    settings.progress('.')
  }
  return out
}

export interface BundleSize {
  indexBytes: number
  indexGzipBytes: number
  distBytes: number
}

export function bundleSize(): BundleSize {
  const dist = join(ROOT, 'dist')
  const distBytes = readdirSync(dist, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .reduce((sum, e) => sum + statSync(join(e.parentPath, e.name)).size, 0)
  return { indexBytes: statSync(BUNDLE).size, indexGzipBytes: gzipSync(readFileSync(BUNDLE)).length, distBytes }
}

export function logPipeline(settings: Settings): PipelineSample[] {
  const samples = measureLogPipeline(settings.pipelineRuns)
  settings.progress('.')
  return samples
}

/**
 * The scale suite's time scale. Railway's timeline can be compressed, GitHub's write spacing (100 ms a
 * write, serial, as GitHub asks) cannot: at 0.02 a 20-service run's ~40 status writes (2N + 4) would
 * weigh fifty times more against the deploy than they do in real life. A tenth of real time keeps the
 * suite short while leaving the ratio honest.
 */
export const SCALE_SUITE_TIME_SCALE = 0.1

/** 1, 5 and 20 services following one shared timeline (build 60 s, deploy 20 s, start-up 3 s). */
export async function scale(settings: Settings): Promise<Record<number, RunMeasurement[]>> {
  settings = { ...settings, timeScale: SCALE_SUITE_TIME_SCALE }
  const t = timelineOf(60_000, 20_000, 3_000)
  const out: Record<number, RunMeasurement[]> = {}
  for (const count of settings.scaleCounts) {
    out[count] = []
    for (let i = 0; i < settings.scaleRuns; i++) {
      out[count].push(await measureRun(benchScenario(t, { services: count }), runOptions(settings, t)))
      settings.progress('.')
    }
  }
  return out
}
