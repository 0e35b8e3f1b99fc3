/**
 * Every GraphQL document the action sends to Railway, in one place. The contract test parses each
 * export here and validates it against Railway's real introspected schema, so a field that does not
 * exist fails CI instead of a user's deploy.
 */

/** Which project and environment a project token belongs to (project tokens only). */
export const PROJECT_TOKEN = /* GraphQL */ `
  query ProjectToken {
    projectToken {
      projectId
      environmentId
      project { id name }
      environment { id name }
    }
  }
`

/** Names → ids for environments and services. */
export const PROJECT = /* GraphQL */ `
  query Project($id: String!) {
    project(id: $id) {
      id
      name
      environments { edges { node { id name } } }
      services { edges { node { id name } } }
    }
  }
`

/** What the health gate needs to know about a service in one environment. */
export const SERVICE_INSTANCE = /* GraphQL */ `
  query ServiceInstance($environmentId: String!, $serviceId: String!) {
    serviceInstance(environmentId: $environmentId, serviceId: $serviceId) {
      healthcheckPath
      latestDeployment { id status createdAt }
      domains {
        customDomains { domain }
        serviceDomains { domain }
      }
    }
  }
`

/** A service's variables as a flat name → value object; `unrendered: true` keeps `${{…}}` references. */
export const VARIABLES = /* GraphQL */ `
  query Variables($projectId: String!, $environmentId: String!, $serviceId: String!, $unrendered: Boolean) {
    variables(projectId: $projectId, environmentId: $environmentId, serviceId: $serviceId, unrendered: $unrendered)
  }
`

/** Deploys a service at a commit and returns the new deployment's id. */
export const DEPLOY = /* GraphQL */ `
  mutation Deploy($environmentId: String!, $serviceId: String!, $commitSha: String) {
    serviceInstanceDeployV2(environmentId: $environmentId, serviceId: $serviceId, commitSha: $commitSha)
  }
`

/** One deployment's state (polling). */
export const DEPLOYMENT = /* GraphQL */ `
  query Deployment($id: String!) {
    deployment(id: $id) {
      id
      status
      createdAt
      statusUpdatedAt
      deploymentStopped
      serviceId
      meta
    }
  }
`

/** The same state, pushed by Railway over the WebSocket as it changes. */
export const DEPLOYMENT_SUBSCRIPTION = /* GraphQL */ `
  subscription DeploymentUpdates($id: String!) {
    deployment(id: $id) {
      id
      status
      createdAt
      statusUpdatedAt
      deploymentStopped
      serviceId
      meta
    }
  }
`

/** Recent deployments of a service: finds autodeploys (watch mode), superseding and previous deployments. */
export const DEPLOYMENTS = /* GraphQL */ `
  query Deployments($input: DeploymentListInput!, $first: Int) {
    deployments(input: $input, first: $first) {
      edges { node { id status createdAt canRollback meta } }
    }
  }
`

export const BUILD_LOGS = /* GraphQL */ `
  query BuildLogs($deploymentId: String!, $limit: Int) {
    buildLogs(deploymentId: $deploymentId, limit: $limit) { timestamp message severity }
  }
`

export const DEPLOYMENT_LOGS = /* GraphQL */ `
  query DeploymentLogs($deploymentId: String!, $limit: Int) {
    deploymentLogs(deploymentId: $deploymentId, limit: $limit) { timestamp message severity }
  }
`

/** Rolls a service back to an earlier deployment (returns only a Boolean). */
export const ROLLBACK = /* GraphQL */ `
  mutation Rollback($id: String!) {
    deploymentRollback(id: $id)
  }
`

/**
 * The volumes mounted in an environment, with the service each is attached to and where: the checklist
 * checks that a path variable (Channels' MEDIA_ROOT) lies on the service's volume. `Volume.volumeInstances`
 * is deprecated in favour of this environment-scoped list.
 */
export const VOLUMES = /* GraphQL */ `
  query Volumes($environmentId: String!) {
    environment(id: $environmentId) {
      volumeInstances {
        edges { node { id serviceId mountPath } }
      }
    }
  }
`
