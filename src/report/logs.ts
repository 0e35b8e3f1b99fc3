import type { RailwayClient } from '../railway/client.js'
import { BUILD_LOGS, DEPLOYMENT_LOGS } from '../railway/documents.js'
import { BuildLogsData, DeploymentLogsData } from '../railway/schemas.js'
import type { LogTail } from './model.js'
import { sanitizeLines, type SecretSet } from './sanitize.js'

/**
 * Fetches the build and deploy log tails of a deployment and passes them through the safety pipeline.
 * Railway returns limit+1 entries (a known API quirk), so the tail is cut to `limit` here.
 */
export async function fetchLogTails(
  client: RailwayClient,
  deploymentId: string,
  limit: number,
  secrets: SecretSet,
  failingKind?: 'build' | 'deploy'
): Promise<LogTail[]> {
  if (limit <= 0) return []
  const tails: LogTail[] = []
  const fetchLimit = (kind: 'build' | 'deploy') => (kind === failingKind ? Math.max(limit, Math.min(limit * 2, 1000)) : limit)
  const build = await client.request(BUILD_LOGS, { deploymentId, limit: fetchLimit('build') }, BuildLogsData)
  const deploy = await client.request(DEPLOYMENT_LOGS, { deploymentId, limit: fetchLimit('deploy') }, DeploymentLogsData)
  for (const [kind, entries] of [
    ['build', build.buildLogs],
    ['deploy', deploy.deploymentLogs]
  ] as const) {
    const messages = entries.slice(-fetchLimit(kind)).map((e) => e.message)
    if (messages.length === 0) continue
    const { lines, truncated } = sanitizeLines(messages, secrets, fetchLimit(kind))
    tails.push({ kind, lines, truncated: truncated || entries.length > fetchLimit(kind) })
  }
  // The failing stage's log first.
  if (failingKind === 'deploy') tails.reverse()
  return tails
}
