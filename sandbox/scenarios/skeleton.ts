import { BUILD_FAILURE_STEPS, BUILD_LOG, FIXTURE_SECRETS, web, type Scenario } from './base.ts'

/** The three scenarios of the skeleton: the healthy path and the two most common failures. */
export const SKELETON_SCENARIOS: Record<string, Scenario> = {
  healthy: {
    name: 'healthy',
    description: 'A Django web service: variables in order, build and deploy succeed, the new commit answers /health.',
    expect: { result: 'success' },
    tokenKind: 'project',
    services: [web()],
    inputs: { stack: 'django' }
  },
  'missing-variables': {
    name: 'missing-variables',
    description: 'SECRET_KEY is still a placeholder, DATABASE_URL renders empty and ALLOWED_HOSTS is missing: the gate stops before deploying.',
    expect: { result: 'failure' },
    tokenKind: 'project',
    services: [
      web({
        variables: { SECRET_KEY: 'your-secret-key-here', DEBUG: 'False', DATABASE_URL: '', STRIPE_SECRET_KEY: FIXTURE_SECRETS.STRIPE_SECRET_KEY },
        unrendered: { DATABASE_URL: '${{Postgres.DATABASE_URL}}' }
      })
    ],
    inputs: { stack: 'django' }
  },
  'build-failure': {
    name: 'build-failure',
    description: 'The build fails: the gate reports FAILED with the build log tail.',
    expect: { result: 'failure' },
    tokenKind: 'project',
    services: [
      web({
        steps: BUILD_FAILURE_STEPS,
        buildLogs: [
          ...BUILD_LOG.slice(0, 3),
          'ERROR: Could not find a version that satisfies the requirement djangoo==5.1',
          'ERROR: No matching distribution found for djangoo==5.1',
          'Build failed with exit code 1'
        ],
        deployLogs: []
      })
    ],
    inputs: { stack: 'django' }
  }
}

