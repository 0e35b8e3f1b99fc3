import type { BuiltChecklist } from './checklist/build.js'
import type { Config } from './config/inputs.js'
import type { Deps } from './deps.js'
import type { RailwayClient } from './railway/client.js'
import type { Target } from './railway/resolve.js'
import type { SecretSet } from './report/sanitize.js'

/** What every stage of a service's run may use. */
export interface StageContext {
  config: Config
  deps: Deps
  client: RailwayClient
  target: Target
  checklist: BuiltChecklist
  /** Values to redact from logs: tokens and every variable value read. */
  secrets: SecretSet
}

/** A stage that could not pass: the service's verdict becomes failed with this message. */
export class StageFailure extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'StageFailure'
  }
}

export function dashboardUrl(target: Target, serviceId: string, deploymentId?: string): string {
  const base = `https://railway.com/project/${target.project.id}/service/${serviceId}?environmentId=${target.environment.id}`
  return deploymentId ? `${base}&id=${deploymentId}` : base
}
