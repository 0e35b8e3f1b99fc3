import { z } from 'zod'

/**
 * zod schemas for the `data` of each document in documents.ts. Railway's answers are validated before
 * use, so a changed API fails with a clear message instead of an undefined deep inside a stage.
 */

export const DEPLOYMENT_STATUSES = [
  'BUILDING',
  'CRASHED',
  'DEPLOYING',
  'FAILED',
  'INITIALIZING',
  'NEEDS_APPROVAL',
  'QUEUED',
  'REMOVED',
  'REMOVING',
  'SKIPPED',
  'SLEEPING',
  'SUCCESS',
  'WAITING'
] as const
export type KnownDeploymentStatus = (typeof DEPLOYMENT_STATUSES)[number]
/** Railway may add statuses; an unknown one is kept as text and treated as "still going". */
export type DeploymentStatus = KnownDeploymentStatus | (string & {})

const edges = <T extends z.ZodType>(node: T) => z.object({ edges: z.array(z.object({ node })) })

export const ProjectTokenData = z.object({
  projectToken: z.object({
    projectId: z.string(),
    environmentId: z.string(),
    project: z.object({ id: z.string(), name: z.string() }).nullish(),
    environment: z.object({ id: z.string(), name: z.string() }).nullish()
  })
})

const Named = z.object({ id: z.string(), name: z.string() })
export type Named = z.infer<typeof Named>

export const ProjectData = z.object({
  project: z.object({ id: z.string(), name: z.string(), environments: edges(Named), services: edges(Named) })
})

export const ServiceInstanceData = z.object({
  serviceInstance: z.object({
    healthcheckPath: z.string().nullish(),
    latestDeployment: z.object({ id: z.string(), status: z.string(), createdAt: z.string() }).nullish(),
    domains: z.object({
      customDomains: z.array(z.object({ domain: z.string() })),
      serviceDomains: z.array(z.object({ domain: z.string() }))
    })
  })
})

/** EnvironmentVariables is a JSON scalar; values may be null (the CLI drops those). */
export const VariablesData = z.object({ variables: z.record(z.string(), z.string().nullable()) })

export const DeployData = z.object({ serviceInstanceDeployV2: z.string().min(1) })

const DeploymentShape = z.object({
  id: z.string(),
  status: z.string(),
  createdAt: z.string(),
  statusUpdatedAt: z.string().nullish(),
  deploymentStopped: z.boolean().nullish(),
  serviceId: z.string().nullish(),
  meta: z.unknown().optional()
})
export type DeploymentState = z.infer<typeof DeploymentShape>

export const DeploymentData = z.object({ deployment: DeploymentShape })

export const DeploymentsData = z.object({
  deployments: edges(
    z.object({ id: z.string(), status: z.string(), createdAt: z.string(), canRollback: z.boolean().nullish(), meta: z.unknown().optional() })
  )
})

const LogLine = z.object({ timestamp: z.string(), message: z.string(), severity: z.string().nullish() })
export type LogLine = z.infer<typeof LogLine>
export const BuildLogsData = z.object({ buildLogs: z.array(LogLine) })
export const DeploymentLogsData = z.object({ deploymentLogs: z.array(LogLine) })

export const RollbackData = z.object({ deploymentRollback: z.boolean() })

/** The commit a deployment was built from, as Railway records it in `meta`. */
export function commitOfMeta(meta: unknown): string | undefined {
  if (meta && typeof meta === 'object' && 'commitHash' in meta) {
    const hash = (meta as { commitHash?: unknown }).commitHash
    return typeof hash === 'string' ? hash : undefined
  }
  return undefined
}

export const VolumesData = z.object({
  environment: z.object({
    volumeInstances: edges(z.object({ id: z.string(), serviceId: z.string().nullish(), mountPath: z.string() }))
  })
})
