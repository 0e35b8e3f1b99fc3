import { Deadline, formatDuration } from '../clock.js'
import type { HealthRecord } from '../report/model.js'
import type { StageContext } from '../stage-context.js'
import type { DeploymentSources } from './feed.js'
import { DeploymentFollower, type FollowOptions } from './follow.js'
import { classifyStatus } from './status.js'
import { railwaySources } from './sources.js'

/**
 * The gate for a service with no URL (a worker): its deployment must stay SUCCESS for `stable-for`.
 * A worker that crashes on its first job reaches SUCCESS and then CRASHED seconds later; without this
 * window the gate would pass it.
 */

export interface StabilityOutcome {
  stable: boolean
  /** The status that broke the window, when it broke. */
  status?: string
  /** How long after the window opened it broke, or how long it held. */
  afterMs: number
}

/** Extra time for a slow status read at the end of the window. */
const READ_GRACE_MS = 30_000

export async function watchStability(
  sources: DeploymentSources,
  deploymentId: string,
  stableForMs: number,
  options: Omit<FollowOptions, 'deadline'>
): Promise<StabilityOutcome> {
  const { clock } = options
  const start = clock.now()
  const until = start + stableForMs
  const follower = new DeploymentFollower(sources, deploymentId, { ...options, deadline: new Deadline(clock, stableForMs + READ_GRACE_MS) })
  try {
    for (;;) {
      const state = await follower.observe(until)
      if (state && classifyStatus(state.status) === 'failure') {
        options.log.info(`Deployment ${deploymentId}: ${state.status} ${formatDuration(clock.now() - start)} after SUCCESS.`)
        return { stable: false, status: state.status, afterMs: clock.now() - start }
      }
      if (clock.now() >= until) return { stable: true, afterMs: clock.now() - start }
    }
  } finally {
    follower.close()
  }
}

/** The health record of the stability rule, for the report. */
export async function stabilityGate(ctx: StageContext, deploymentId: string, why: string): Promise<HealthRecord> {
  const { config, deps, client } = ctx
  const outcome = await watchStability(railwaySources(client, deps), deploymentId, config.stableForMs, {
    pollIntervalMs: config.pollIntervalMs,
    clock: deps.clock,
    log: deps.log,
    signal: deps.signal
  })
  const window = formatDuration(config.stableForMs)
  if (outcome.status === 'REMOVED') {
    // Not a crash: something replaced it (a newer push, or the dashboard). Ours can no longer be proven.
    return {
      verdict: 'failed',
      reason: `deployment ${deploymentId} was REMOVED ${formatDuration(outcome.afterMs)} after SUCCESS, inside the ${window} stability window: a newer deployment or someone in the dashboard replaced it (${why})`,
      probes: [],
      totalProbes: 0
    }
  }
  return outcome.stable
    ? { verdict: 'passed', reason: `stayed SUCCESS for ${window} (${why}: stability rule)`, probes: [], totalProbes: 0 }
    : {
        verdict: 'failed',
        reason: `deployment ${deploymentId} went ${outcome.status} ${formatDuration(outcome.afterMs)} after SUCCESS, inside the ${window} stability window (${why}); see the deploy log`,
        probes: [],
        totalProbes: 0
      }
}
