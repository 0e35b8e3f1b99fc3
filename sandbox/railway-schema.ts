import { buildSchema, type GraphQLSchema } from 'graphql'

/**
 * The parts of Railway's public GraphQL schema the action uses, written here field for field as in
 * `shared/railway/schema.graphql` (same names, argument lists and nullability). The contract test
 * validates every document in src/railway/documents.ts against this and against Railway's real schema,
 * so the fake cannot quietly accept a query Railway would reject.
 */
export const RAILWAY_SANDBOX_SDL = /* GraphQL */ `
  scalar DateTime
  scalar DeploymentMeta
  scalar EnvironmentVariables
  scalar JSON

  enum DeploymentStatus {
    BUILDING
    CRASHED
    DEPLOYING
    FAILED
    INITIALIZING
    NEEDS_APPROVAL
    QUEUED
    REMOVED
    REMOVING
    SKIPPED
    SLEEPING
    SUCCESS
    WAITING
  }

  type Environment {
    id: ID!
    name: String!
    volumeInstances(after: String, before: String, first: Int, last: Int): EnvironmentVolumeInstancesConnection!
  }

  type VolumeInstance {
    createdAt: DateTime!
    currentSizeMB: Float!
    environmentId: String!
    id: ID!
    isPendingDeletion: Boolean!
    mountPath: String!
    serviceId: String
    sizeMB: Int!
    volumeId: String!
  }
  type EnvironmentVolumeInstancesConnectionEdge {
    cursor: String!
    node: VolumeInstance!
  }
  type EnvironmentVolumeInstancesConnection {
    edges: [EnvironmentVolumeInstancesConnectionEdge!]!
  }

  type Service {
    id: ID!
    name: String!
  }

  type ProjectEnvironmentsConnectionEdge {
    node: Environment!
  }
  type ProjectEnvironmentsConnection {
    edges: [ProjectEnvironmentsConnectionEdge!]!
  }
  type ProjectServicesConnectionEdge {
    node: Service!
  }
  type ProjectServicesConnection {
    edges: [ProjectServicesConnectionEdge!]!
  }

  type Project {
    id: ID!
    name: String!
    environments(after: String, before: String, first: Int, isEphemeral: Boolean, last: Int): ProjectEnvironmentsConnection!
    services(after: String, before: String, first: Int, last: Int): ProjectServicesConnection!
  }

  type ProjectToken {
    environment: Environment!
    environmentId: String!
    id: ID!
    name: String!
    project: Project!
    projectId: String!
  }

  type ServiceDomain {
    domain: String!
    id: ID!
  }
  type CustomDomain {
    domain: String!
    id: ID!
  }
  type AllDomains {
    customDomains: [CustomDomain!]!
    serviceDomains: [ServiceDomain!]!
  }

  type Deployment {
    canRollback: Boolean!
    createdAt: DateTime!
    deploymentStopped: Boolean!
    environmentId: String!
    id: ID!
    meta: DeploymentMeta
    projectId: String!
    serviceId: String
    staticUrl: String
    status: DeploymentStatus!
    statusUpdatedAt: DateTime
    updatedAt: DateTime!
    url: String
  }

  type ServiceInstance {
    activeDeployments: [Deployment!]!
    domains: AllDomains!
    environmentId: String!
    healthcheckPath: String
    healthcheckTimeout: Int
    id: ID!
    latestDeployment: Deployment
    serviceId: String!
    serviceName: String!
  }

  type QueryDeploymentsConnectionEdge {
    cursor: String!
    node: Deployment!
  }
  type QueryDeploymentsConnection {
    edges: [QueryDeploymentsConnectionEdge!]!
  }

  input DeploymentStatusInput {
    in: [DeploymentStatus!]
    notIn: [DeploymentStatus!]
  }
  input DeploymentListInput {
    environmentId: String
    includeDeleted: Boolean
    projectId: String
    serviceId: String
    status: DeploymentStatusInput
  }

  type LogAttribute {
    key: String!
    value: String!
  }
  type Log {
    attributes: [LogAttribute!]!
    message: String!
    severity: String
    timestamp: String!
  }

  type Query {
    buildLogs(deploymentId: String!, endDate: DateTime, filter: String, limit: Int, startDate: DateTime): [Log!]!
    deployment(id: String!): Deployment!
    deploymentLogs(deploymentId: String!, endDate: DateTime, filter: String, limit: Int, startDate: DateTime): [Log!]!
    deployments(after: String, before: String, first: Int, input: DeploymentListInput!, last: Int): QueryDeploymentsConnection!
    domains(environmentId: String!, projectId: String!, serviceId: String!): AllDomains!
    environment(id: String!, projectId: String): Environment!
    project(id: String!): Project!
    projectToken: ProjectToken!
    serviceInstance(environmentId: String!, serviceId: String!): ServiceInstance!
    variables(environmentId: String!, projectId: String!, serviceId: String, unrendered: Boolean): EnvironmentVariables!
  }

  type Mutation {
    deploymentRollback(id: String!): Boolean!
    serviceInstanceDeployV2(commitSha: String, environmentId: String!, serviceId: String!): String!
  }

  type Subscription {
    buildLogs(deploymentId: String!, filter: String, limit: Int): [Log!]!
    deployment(id: String!): Deployment!
    deploymentLogs(deploymentId: String!, filter: String, limit: Int): [Log!]!
  }
`

export function buildSandboxSchema(): GraphQLSchema {
  return buildSchema(RAILWAY_SANDBOX_SDL)
}
