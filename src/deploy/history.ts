import type { Deadline } from '../clock.js'
import type { RailwayClient } from '../railway/client.js'
import { DEPLOYMENTS } from '../railway/documents.js'
import { commitOfMeta, DeploymentsData } from '../railway/schemas.js'

/**
 * Reads a service's recent deployments (one DEPLOYMENTS request) to answer the questions the wait
 * cannot answer from one deployment: who superseded ours, which one is Railway's autodeploy of our
 * commit, which one to roll back to. Railway's ordering is not trusted: everything is sorted here.
 */

export interface DeploymentSummary {
  id: string
  status: string
  createdAt: string
  commit?: string
  canRollback?: boolean
}

/** How many recent deployments one look reads: enough for a busy service, one request. */
const RECENT = 20

export async function recentDeployments(
  client: RailwayClient,
  where: { serviceId: string; environmentId: string },
  deadline?: Deadline
): Promise<DeploymentSummary[]> {
  const data = await client.request(
    DEPLOYMENTS,
    { input: { serviceId: where.serviceId, environmentId: where.environmentId }, first: RECENT },
    DeploymentsData,
    { deadline }
  )
  return data.deployments.edges
    .map(({ node }) => ({ id: node.id, status: node.status, createdAt: node.createdAt, commit: commitOfMeta(node.meta), canRollback: node.canRollback ?? undefined }))
    .sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt))
}

/** The newest deployment created after ours: the one that replaced it. */
export function supersedingDeployment(list: DeploymentSummary[], ours: { id: string; createdAt: string }): DeploymentSummary | undefined {
  const since = Date.parse(ours.createdAt)
  return list.find((d) => d.id !== ours.id && Date.parse(d.createdAt) > since)
}

/** The newest deployment of `commit` created no earlier than `notBefore` (ms epoch), if any. */
export function deploymentOfCommit(list: DeploymentSummary[], commit: string, notBefore = 0): DeploymentSummary | undefined {
  const wanted = commit.toLowerCase()
  return list.find((d) => d.commit?.toLowerCase() === wanted && Date.parse(d.createdAt) >= notBefore)
}

/**
 * The deployment to roll back to: the newest one before ours that served. Once ours went live Railway
 * marked it REMOVED, so REMOVED counts when Railway says it can be rolled back to.
 */
export function previousSuccessful(list: DeploymentSummary[], ours: { id: string; createdAt?: string }): DeploymentSummary | undefined {
  const before = ours.createdAt ? Date.parse(ours.createdAt) : Infinity
  return list.find(
    (d) => d.id !== ours.id && Date.parse(d.createdAt) < before && (d.status === 'SUCCESS' || (d.status === 'REMOVED' && d.canRollback === true))
  )
}
