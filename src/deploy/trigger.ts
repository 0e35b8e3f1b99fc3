import type { Clock, Deadline } from '../clock.js'
import { GateError } from '../errors.js'
import type { Logger } from '../logger.js'
import type { RailwayClient } from '../railway/client.js'
import { DEPLOY } from '../railway/documents.js'
import { DeployData } from '../railway/schemas.js'
import { deploymentOfCommit, recentDeployments } from './history.js'

export interface DeployTarget {
  environmentId: string
  serviceId: string
  serviceName: string
  commitSha: string
}

/**
 * `deploy: api`: asks Railway to deploy the service at the commit and returns the new deployment's id.
 * The mutation is not retried blindly: an ambiguous failure is rethrown for the caller to resolve.
 */
export async function deployViaApi(client: RailwayClient, target: DeployTarget, deadline?: Deadline): Promise<string> {
  try {
    const data = await client.request(
      DEPLOY,
      { environmentId: target.environmentId, serviceId: target.serviceId, commitSha: target.commitSha || null },
      DeployData,
      { idempotent: false, deadline }
    )
    return data.serviceInstanceDeployV2
  } catch (error) {
    if (error instanceof GateError && /commit not found/i.test(error.message)) {
      throw new GateError('config', `Railway could not find commit ${target.commitSha} for service ${target.serviceName}.`, {
        hint: 'The service must be connected to this GitHub repository (Service settings → Source) and the commit pushed to it.'
      })
    }
    throw error
  }
}

export interface SafeDeployOptions {
  deadline: Deadline
  clock: Clock
  log: Logger
  signal?: AbortSignal
  /** Pause before each look for a deployment whose creation we could not confirm. */
  lookDelayMs: number
}

/** Deploy calls in all, counting the first: a second only after looking found nothing. */
const DEPLOY_ATTEMPTS = 2
/** Looks for the deployment after an ambiguous call, before deploying again. */
const LOOKS = 3
/** Our clock and Railway's may disagree; a deployment this much older than our call still counts. */
const CLOCK_SKEW_MS = 60_000

/**
 * `deployViaApi` that never deploys twice blindly. When the call's outcome is unknown (a timeout or a
 * reset after the request left, or a 5xx), Railway may have created the deployment anyway: look for a
 * deployment of this commit created since the call (by `meta.commitHash` and `createdAt`) a few times,
 * use it when found, and only then call again. A redeploy of the same commit by someone else within a
 * minute of ours would be taken for ours; that is the price of not deploying twice.
 */
export async function deployWithoutDuplicates(client: RailwayClient, target: DeployTarget, options: SafeDeployOptions): Promise<string> {
  const { clock, log, deadline } = options
  for (let attempt = 1; ; attempt++) {
    const calledAt = clock.now()
    try {
      return await deployViaApi(client, target, deadline)
    } catch (error) {
      if (!(error instanceof GateError) || !error.ambiguous) throw error
      if (!target.commitSha) {
        throw new GateError('railway', `The deploy call for ${target.serviceName} failed in a way that may or may not have deployed (${error.message}).`, {
          hint: 'Without a commit SHA the action cannot tell its deployment apart; check the Railway dashboard before re-running.'
        })
      }
      log.warning(`The deploy call for ${target.serviceName} may or may not have reached Railway (${error.message}); looking for the deployment before trying again.`)
      for (let look = 0; look < LOOKS && !deadline.passed(); look++) {
        await clock.sleep(Math.min(options.lookDelayMs * (look + 1), deadline.remaining()), options.signal)
        const list = await recentDeployments(client, target, deadline).catch((lookError: unknown) => {
          log.debug(`Looking for the deployment failed: ${String(lookError)}`)
          return []
        })
        const found = deploymentOfCommit(list, target.commitSha, calledAt - CLOCK_SKEW_MS)
        if (found) {
          log.info(`Found deployment ${found.id} of ${target.commitSha}: the deploy call had gone through.`)
          return found.id
        }
      }
      if (attempt >= DEPLOY_ATTEMPTS || deadline.passed()) {
        throw new GateError('railway', `Deploying ${target.serviceName} failed: ${error.message}`, {
          hint: 'No deployment of this commit appeared after the call; check Railway status (status.railway.com) and re-run.'
        })
      }
      log.info(`No deployment of ${target.commitSha} appeared; deploying again.`)
    }
  }
}
