/**
 * `stack: auto` on the fixture repositories (one per seed stack, plus a Node app): the right presets,
 * and a reason for each that names the file it came from.
 */
import { describe, expect, it } from '@jest/globals'
import { join } from 'node:path'
import { detectStack, pyprojectDependencies } from '../../src/checklist/detect.js'
import type { RepoReader } from '../../src/deps.js'
import { workspaceReader } from '../../src/runtime.js'

const fixture = (name: string) => workspaceReader(join(process.cwd(), '__tests__', 'fixtures', 'repos', name))
const memory = (files: Record<string, string>): RepoReader => ({ read: async (path) => files[path] })

describe('detectStack on the fixture repositories', () => {
  it.each([
    // seed 000: Django + Celery + Redis + pgvector, app in backend/, S3, Stripe, Claude, OpenAI
    ['django-celery', ['django', 'celery', 'postgres', 'redis', 'stripe', 'openai', 'anthropic', 'aws-s3']],
    // seed 001: Phoenix release; redix is optional in mix.exs, so no redis
    ['phoenix', ['phoenix', 'postgres', 'stripe', 'openai', 'smtp']],
    // seed 002: Flask; requirements-prod.txt includes requirements.txt
    ['flask', ['flask', 'postgres', 'redis']],
    // seed 003: FastAPI API and workers
    ['fastapi-workers', ['fastapi', 'postgres', 'redis']],
    // seed 004: Django Channels from pyproject.toml optional dependencies
    ['django-channels', ['django', 'channels', 'postgres']],
    ['node', ['node', 'postgres', 'redis', 'stripe', 'anthropic']]
  ])('%s → %j', async (name, presets) => {
    expect((await detectStack(fixture(name))).presets).toEqual(presets)
  })

  it('says why, naming the files', async () => {
    const { reasons } = await detectStack(fixture('django-celery'))
    expect(reasons).toContain('django: backend/manage.py found, django in backend/requirements.txt, backend/Procfile web runs manage.py')
    expect(reasons).toContain('celery: celery in backend/requirements.txt, backend/Procfile worker runs celery')
    expect(reasons).toContain('redis: celery[redis] in backend/requirements.txt')
    expect(reasons).toContain('aws-s3: django-storages[s3] in backend/requirements.txt, boto3 in backend/requirements.txt')
    expect((await detectStack(fixture('flask'))).reasons).toContain('postgres: psycopg2-binary in requirements-prod.txt')
    expect((await detectStack(fixture('django-channels'))).reasons).toContain('channels: channels in pyproject.toml')
  })

  it('devDependencies of a Node app set no requirement', async () => {
    expect((await detectStack(fixture('node'))).presets).not.toContain('smtp')
  })

  it('an empty repository: nothing, and the report says what was looked for', async () => {
    const detection = await detectStack(memory({}))
    expect(detection.presets).toEqual([])
    expect(detection.reasons[0]).toMatch(/^nothing recognised: no manage\.py, requirements\*\.txt/)
  })
})

describe('detectStack details', () => {
  it('start commands: Procfile, Dockerfile CMD (exec and shell form), railway.toml and railway.json', async () => {
    const detection = await detectStack(
      memory({
        Procfile: 'worker: celery -A app worker\n',
        Dockerfile: 'FROM python\nCMD ["daphne", "-b", "0.0.0.0", "config.asgi:application"]\n',
        'railway.json': '{"deploy": {"startCommand": "mix phx.server"}}',
        'server/railway.toml': '[deploy]\nstartCommand = "npm run start"\n'
      })
    )
    expect(detection.reasons).toEqual([
      'celery: Procfile worker runs celery',
      'channels: Dockerfile CMD runs daphne',
      'phoenix: railway.json startCommand runs phx.server',
      'node: server/railway.toml startCommand runs npm'
    ])
  })

  it('a package.json beside a Python app builds assets; alone it is the app', async () => {
    expect((await detectStack(memory({ 'requirements.txt': 'django\n', 'package.json': '{}' }))).presets).toEqual(['django'])
    expect((await detectStack(memory({ 'package.json': 'not json' }))).presets).toEqual(['node'])
  })

  it('requirements: comments, options, extras, markers, includes (bounded, no loops)', async () => {
    const detection = await detectStack(
      memory({
        'requirements/production.txt': '-r base.txt\n--requirement=../requirements-extra.txt\n# flask\n--index-url https://x\nFastAPI>=0.100 ; python_version >= "3.10"\n',
        'requirements/base.txt': '-r production.txt\nDjango_Storages[boto3]==1.0  # media\n',
        'requirements-extra.txt': 'psycopg[binary]\n'
      })
    )
    expect(detection.presets).toEqual(['fastapi', 'postgres', 'aws-s3'])
  })

  it('pyproject.toml: PEP 621, dependency groups and Poetry tables; other strings are not dependencies', () => {
    const names = pyprojectDependencies(
      [
        '[project]',
        'name = "flask"',
        'description = "celery"',
        'dependencies = ["Django>=5", \'channels[daphne]\']',
        '[project.optional-dependencies]',
        'api = [',
        '  "stripe>=8",  # payments',
        ']',
        '[dependency-groups]',
        'dev = ["pytest"]',
        '[tool.poetry.dependencies]',
        'python = "^3.12"',
        'celery = { version = "^5", extras = ["redis"] }',
        '[tool.ruff]',
        'select = ["openai"]'
      ].join('\n')
    ).map((d) => (d.extras.length ? `${d.name}[${d.extras.join(',')}]` : d.name))
    expect(names).toEqual(['django', 'channels[daphne]', 'stripe', 'pytest', 'celery[redis]'])
  })

  it('Pipfile packages', async () => {
    expect((await detectStack(memory({ Pipfile: '[packages]\nflask = "*"\n"openai" = "*"\n[dev-packages]\nstripe = "*"\n' }))).presets).toEqual(['flask', 'openai'])
  })
})
