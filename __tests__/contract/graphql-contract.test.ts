/**
 * Contract: every GraphQL document the action sends is valid against Railway's real introspected
 * schema (../shared/railway/schema.json) and against the sandbox's fake schema, and no document hides
 * outside src/railway/documents.ts. A clone without shared/ skips the real-schema test and says why.
 */
import { describe, expect, it } from '@jest/globals'
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { buildClientSchema, parse, validate, type GraphQLSchema, type IntrospectionQuery } from 'graphql'
import * as documents from '../../src/railway/documents.js'
import { buildSandboxSchema } from '../../sandbox/railway-schema.ts'

const SCHEMA_PATH = join(process.cwd(), '..', 'shared', 'railway', 'schema.json')
const entries = Object.entries(documents).filter(([, v]) => typeof v === 'string') as Array<[string, string]>

function problems(schema: GraphQLSchema, source: string): string[] {
  return validate(schema, parse(source)).map((e) => e.message)
}

describe('GraphQL documents', () => {
  it('there are documents to check', () => {
    expect(entries.length).toBeGreaterThanOrEqual(10)
  })

  const haveShared = existsSync(SCHEMA_PATH)
  if (!haveShared) {
    // Said once, loudly, so a skipped contract is never mistaken for a passing one.
    console.warn(`Skipping the Railway schema contract test: ${SCHEMA_PATH} not found (it lives in shared/, beside the clone).`)
  }
  ;(haveShared ? it : it.skip).each(entries)('%s is valid against Railway\'s real schema', (_name, source) => {
    const json = JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')) as { data: IntrospectionQuery }
    const schema = buildClientSchema(json.data)
    expect(problems(schema, source)).toEqual([])
  })

  it.each(entries)('%s is valid against the sandbox schema', (_name, source) => {
    expect(problems(buildSandboxSchema(), source)).toEqual([])
  })

  it('no GraphQL document is written outside documents.ts', () => {
    const offenders: string[] = []
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name)
        if (statSync(path).isDirectory()) walk(path)
        else if (name.endsWith('.ts') && !path.endsWith(join('railway', 'documents.ts'))) {
          if (/`\s*(query|mutation|subscription)\s+\w+\s*[({]/.test(readFileSync(path, 'utf8'))) offenders.push(path)
        }
      }
    }
    walk(join(process.cwd(), 'src'))
    expect(offenders).toEqual([])
  })
})
