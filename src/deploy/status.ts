/**
 * What each of Railway's DeploymentStatus values means for the gate. Success only on SUCCESS; the
 * four failure states end the wait at once; everything else (including values Railway adds later)
 * keeps waiting until the deadline, and the timeout message names the state it was stuck in.
 */

export type StatusClass = 'success' | 'failure' | 'pending'

const FAILURE = new Set(['FAILED', 'CRASHED', 'REMOVED', 'SKIPPED'])

export function classifyStatus(status: string): StatusClass {
  if (status === 'SUCCESS') return 'success'
  if (FAILURE.has(status)) return 'failure'
  return 'pending'
}

/** Why a deployment failed, with how to fix it. */
export function failureMessage(status: string, deploymentId: string, reachedDeploying = false): string {
  switch (status) {
    case 'FAILED':
      // FAILED also ends a deployment whose new version never passed Railway's own healthcheck
      // (300 s by default): once it was DEPLOYING the build was fine, and the deploy log tells why.
      return reachedDeploying
        ? `Railway deployment ${deploymentId} FAILED after the build: the new version did not pass Railway's healthcheck in time, or its pre-deploy command failed. See the deploy log below; check the service's healthcheckPath and that the app listens on $PORT.`
        : `Railway deployment ${deploymentId} FAILED during the build. See the build log below.`
    case 'CRASHED':
      return `Railway deployment ${deploymentId} CRASHED: the app started and then exited. See the deploy log below.`
    case 'REMOVED':
      return `Railway deployment ${deploymentId} was REMOVED before it finished (a newer deployment or someone in the dashboard replaced it).`
    case 'SKIPPED':
      return `Railway skipped deployment ${deploymentId} (with "Wait for CI", a failed check makes Railway skip the deploy).`
    default:
      return `Railway deployment ${deploymentId} ended as ${status}.`
  }
}

/** What a non-terminal status means, for the timeout message. */
export function pendingExplanation(status: string): string {
  switch (status) {
    case 'WAITING':
      return 'WAITING is Railway\'s "Wait for CI": it waits for this repository\'s workflows, including this one, so it cannot finish while this job waits on it. Turn off "Wait for CI" for the service, or run this gate in a workflow Railway does not wait on.'
    case 'NEEDS_APPROVAL':
      return 'NEEDS_APPROVAL: the deployment waits for someone to approve it in the Railway dashboard.'
    case 'QUEUED':
      return 'QUEUED: Railway had not started the build yet (busy builders or another deployment of this service ahead of it).'
    case 'SLEEPING':
      return 'SLEEPING: the service is asleep (serverless) and has not woken up.'
    case 'BUILDING':
      return 'BUILDING: the build was still running; raise `timeout` if builds take this long.'
    case 'DEPLOYING':
    case 'INITIALIZING':
      return `${status}: the new version had not passed Railway's own healthcheck yet; raise \`timeout\` or check the deploy log.`
    default:
      return `${status} is a status this action does not know; it waited for a known end state until the deadline.`
  }
}
