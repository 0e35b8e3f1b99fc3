import { GateError } from '../errors.js'
import type { RailwayClient } from '../railway/client.js'
import { DEPLOY } from '../railway/documents.js'
import { DeployData } from '../railway/schemas.js'

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
export async function deployViaApi(client: RailwayClient, target: DeployTarget): Promise<string> {
  try {
    const data = await client.request(
      DEPLOY,
      { environmentId: target.environmentId, serviceId: target.serviceId, commitSha: target.commitSha || null },
      DeployData,
      { idempotent: false }
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
