import type { Deps } from '../deps.js'
import type { RailwayClient } from '../railway/client.js'
import { DEPLOYMENT } from '../railway/documents.js'
import { DeploymentData } from '../railway/schemas.js'
import { openDeploymentSubscription } from '../railway/subscription.js'
import type { DeploymentSources } from './feed.js'

/** The real sources: Railway's subscription when Deps can open WebSockets, HTTP reads through the client. */
export function railwaySources(client: RailwayClient, deps: Pick<Deps, 'webSocket' | 'clock' | 'log'>): DeploymentSources {
  const webSocket = deps.webSocket
  return {
    openFeed: webSocket
      ? (id) => openDeploymentSubscription({ apiUrl: client.apiUrl, headers: client.authHeaders(), webSocket, clock: deps.clock, log: deps.log }, id)
      : undefined,
    poll: async (id, deadline) => (await client.request(DEPLOYMENT, { id }, DeploymentData, { deadline })).deployment,
    rateLimitRemaining: () => client.rateLimit.remaining
  }
}
