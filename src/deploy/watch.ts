import type { Clock, Deadline } from '../clock.js'
import { GateError } from '../errors.js'
import type { Logger } from '../logger.js'
import type { RailwayClient } from '../railway/client.js'
import { pollInterval } from './follow.js'
import { deploymentOfCommit, recentDeployments, type DeploymentSummary } from './history.js'

export interface WatchOptions {
  deadline: Deadline
  /** How long the autodeploy may take to appear (bounded by the deadline as well). */
  appearWithinMs: number
  pollIntervalMs: number
  clock: Clock
  log: Logger
  signal?: AbortSignal
}

/** The longest `deploy: watch` waits for Railway's autodeploy to show up. */
export const AUTODEPLOY_APPEAR_MS = 5 * 60_000

/**
 * `deploy: watch`: deploys nothing; finds the deployment Railway's GitHub autodeploy created for the
 * commit (by `meta.commitHash`), reading the service's recent deployments until it appears or the
 * bounded wait ends. Railway's webhook can lag the push by seconds to minutes.
 */
export async function findAutodeploy(
  client: RailwayClient,
  where: { serviceId: string; environmentId: string; serviceName: string },
  commit: string,
  options: WatchOptions
): Promise<DeploymentSummary> {
  const { clock, deadline } = options
  const giveUpAt = Math.min(deadline.at, clock.now() + options.appearWithinMs)
  for (;;) {
    const found = deploymentOfCommit(await recentDeployments(client, where, deadline), commit)
    if (found) return found
    const now = clock.now()
    if (now >= giveUpAt) {
      throw new GateError(
        'timeout',
        `No Railway deployment of commit ${commit} appeared for ${where.serviceName} within ${Math.round(options.appearWithinMs / 1000)}s (deploy: watch).`,
        {
          hint: 'deploy: watch follows the deployment Railway\'s GitHub autodeploy makes: connect the service to this repository with autodeploys on for this branch (and watch paths that include the change), or use `deploy: api`.'
        }
      )
    }
    options.log.debug(`No deployment of ${commit} yet for ${where.serviceName}; looking again.`)
    await clock.sleep(Math.min(pollInterval(options.pollIntervalMs, client.rateLimit.remaining), giveUpAt - now), options.signal)
  }
}
