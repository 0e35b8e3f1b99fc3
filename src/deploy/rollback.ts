import { errorMessage } from '../errors.js'
import { ROLLBACK } from '../railway/documents.js'
import { RollbackData, type Named } from '../railway/schemas.js'
import type { ServiceRecord } from '../report/model.js'
import type { StageContext } from '../stage-context.js'
import { previousSuccessful, recentDeployments, supersedingDeployment } from './history.js'

/**
 * `rollback-on-failure`: after the gate failed on a deployment that went live (health or stability),
 * put the previous successful deployment back with `deploymentRollback`. Returns the sentence to add
 * to the service's message. A rollback that cannot happen is said, never hidden, and never changes
 * the verdict: the run stays failed.
 */
export async function rollBack(ctx: StageContext, service: Named, record: ServiceRecord): Promise<string> {
  const deployment = record.deployment
  if (!deployment) return ''
  const { client, deps, target } = ctx
  try {
    const list = await recentDeployments(client, { serviceId: service.id, environmentId: target.environment.id })
    const ours = list.find((d) => d.id === deployment.id)
    // A newer deployment (another push) has replaced ours: rolling back would undo it, not ours.
    const newer = ours && supersedingDeployment(list, ours)
    if (newer) return ` Not rolled back: deployment ${newer.id} has replaced ours since, and rolling back would undo it.`
    const previous = previousSuccessful(list, { id: deployment.id, createdAt: ours?.createdAt })
    if (!previous) return ' No earlier successful deployment to roll back to.'
    const done = (await client.request(ROLLBACK, { id: previous.id }, RollbackData, { idempotent: false })).deploymentRollback
    if (!done) return ` Rolling back to ${previous.id} was refused by Railway; roll back in the dashboard.`
    deployment.rolledBackTo = previous.id
    deps.log.info(`${service.name}: rolled back to deployment ${previous.id}${previous.commit ? ` (${previous.commit.slice(0, 7)})` : ''}.`)
    return ` Rolled back to the previous successful deployment ${previous.id}${previous.commit ? ` (commit ${previous.commit.slice(0, 7)})` : ''}.`
  } catch (error) {
    deps.log.warning(`${service.name}: rollback failed: ${errorMessage(error)}`)
    return ` Rolling back failed (${errorMessage(error)}); roll back in the Railway dashboard.`
  }
}
