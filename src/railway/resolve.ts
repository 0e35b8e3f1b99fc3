import type { Config } from '../config/inputs.js'
import { GateError } from '../errors.js'
import type { RailwayClient } from './client.js'
import { PROJECT, PROJECT_TOKEN } from './documents.js'
import { ProjectData, ProjectTokenData, type Named } from './schemas.js'

/** The ids every later request needs, with the names people read in the report. */
export interface Target {
  project: Named
  environment: Named
  services: Named[]
  tokenKind: 'project' | 'account'
}

/** Finds an entry by id, or by name case-insensitively (as the Railway CLI does). */
export function findByNameOrId(entries: Named[], wanted: string): Named | undefined {
  return entries.find((e) => e.id === wanted) ?? entries.find((e) => e.name.toLowerCase() === wanted.toLowerCase())
}

function listNames(entries: Named[]): string {
  return entries.length === 0 ? '(none)' : entries.map((e) => e.name).join(', ')
}

/**
 * Settles the token kind (for `token-type: auto`, a project token first, then Bearer), then maps the
 * project, environment and service names of the inputs to ids. Unknown names fail with what exists.
 */
export async function resolveTarget(client: RailwayClient, config: Config): Promise<Target> {
  let tokenProject: { projectId: string; environmentId: string } | undefined
  let notAProjectToken: GateError | undefined
  if (config.tokenType !== 'account') {
    client.tokenKind = 'project'
    try {
      tokenProject = (await client.request(PROJECT_TOKEN, {}, ProjectTokenData)).projectToken
    } catch (error) {
      if (!(error instanceof GateError) || error.kind !== 'auth' || config.tokenType === 'project') throw error
      client.tokenKind = 'account' // auto: not a project token; try it as an account or workspace token
      notAProjectToken = error
    }
  } else {
    client.tokenKind = 'account'
  }

  const projectId = tokenProject?.projectId ?? config.project
  if (!projectId && notAProjectToken) {
    // Most often a revoked or mistyped project token; less often an account token without `project:`.
    throw new GateError('auth', `Railway rejected the token as a project token (${notAProjectToken.message.replace(/\.$/, '')}).`, {
      hint:
        'Create a new project token (Project settings → Tokens) and store it in the RAILWAY_TOKEN secret; ' +
        'if it is an account or workspace token, set `token-type: account` and `project:` to the project id.'
    })
  }
  if (!projectId) {
    throw new GateError('config', 'No Railway project: the token is not a project token and the `project` input is empty.', {
      hint: 'Use a project token (Project settings → Tokens), or set `project:` to the project id (Project settings → General).'
    })
  }
  if (tokenProject && config.project && config.project !== tokenProject.projectId) {
    throw new GateError('config', `The project token belongs to project ${tokenProject.projectId}, not to ${config.project}.`, {
      hint: 'Remove the `project` input or use a token of that project.'
    })
  }

  let project
  try {
    project = (await client.request(PROJECT, { id: projectId }, ProjectData)).project
  } catch (error) {
    if (error instanceof GateError && error.kind === 'auth' && config.tokenType === 'auto' && !tokenProject) {
      throw new GateError('auth', 'Railway rejected the token both as a project token and as an account token.', {
        hint: 'Create a new project token (Project settings → Tokens) and store it in the RAILWAY_TOKEN secret.'
      })
    }
    if (error instanceof GateError && error.kind === 'not-found') {
      throw new GateError('config', `Railway project ${projectId} was not found.`, {
        hint: 'Check the `project` input (Project settings → General shows the id) and that the token can see it.'
      })
    }
    throw error
  }
  const environments = project.environments.edges.map((e) => e.node)
  const services = project.services.edges.map((e) => e.node)

  let environment: Named | undefined
  if (tokenProject) {
    environment = environments.find((e) => e.id === tokenProject.environmentId) ?? {
      id: tokenProject.environmentId,
      name: tokenProject.environmentId
    }
    if (config.environment && !findByNameOrId([environment], config.environment)) {
      throw new GateError(
        'config',
        `The project token is for environment "${environment.name}", not "${config.environment}".`,
        { hint: `A project token works in one environment: remove \`environment:\` or use a token created for "${config.environment}".` }
      )
    }
  } else {
    const wanted = config.environment ?? 'production'
    environment = findByNameOrId(environments, wanted)
    if (!environment) {
      throw new GateError('config', `Railway environment "${wanted}" was not found in project ${project.name}.`, {
        hint: `Set \`environment:\` to one of: ${listNames(environments)}.`
      })
    }
  }

  // A service named twice (or by name and by id) is one service: deploying it twice would make the
  // second deployment remove the first and fail the run as "superseded" by itself.
  const resolved = new Map<string, Named>()
  for (const wanted of config.services) {
    const service = findByNameOrId(services, wanted)
    if (!service) {
      throw new GateError('config', `Railway service "${wanted}" was not found in project ${project.name}.`, {
        hint: `Set \`service:\` to one of: ${listNames(services)}.`
      })
    }
    resolved.set(service.id, service)
  }

  return { project: { id: project.id, name: project.name }, environment, services: [...resolved.values()], tokenKind: client.tokenKind }
}
