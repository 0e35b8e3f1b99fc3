/**
 * The checklist file: SPEC.md's format parses into rule overrides; every error names the file, the line
 * and the key, with the closest valid word; hostile YAML (alias bombs, huge files, duplicate keys) is
 * refused; and the five example checklists parse and validate.
 */
import { describe, expect, it } from '@jest/globals'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { MAX_CHECKLIST_BYTES, parseChecklist } from '../../src/checklist/parse.js'
import { GateError } from '../../src/errors.js'

const FILE = '.github/railway-checklist.yml'

/** The error's lines, without the closing hint. */
function problems(text: string): string[] {
  try {
    parseChecklist(text, FILE)
  } catch (error) {
    expect(error).toBeInstanceOf(GateError)
    expect((error as GateError).kind).toBe('config')
    return (error as GateError).message.split('\n').slice(1)
  }
  throw new Error('expected the checklist to be refused')
}

describe('parseChecklist', () => {
  it('reads the example of SPEC.md', () => {
    const file = parseChecklist(
      [
        'extends: [django, celery, stripe]     # presets to start from',
        'variables:                            # added to, or overriding, the presets',
        '  SECRET_KEY:',
        '    aliases: [DJANGO_SECRET_KEY]      # any one name satisfies the rule',
        '    min-length: 50',
        '    not: ["django-insecure-*"]        # forbidden values (globs); placeholders are always forbidden',
        '    hint: "python -c \'import secrets; print(secrets.token_urlsafe(50))\'"',
        '  DEBUG: { required: false, one-of: ["false", "False", "0"] }',
        '  DATABASE_URL: { url: [postgres, postgresql] }',
        '  STRIPE_SECRET_KEY: { pattern: "^sk_(live|test)_", severity: warn }',
        'services:                             # per-service additions, by service name',
        '  worker: { extends: [celery] }'
      ].join('\n'),
      FILE
    )
    expect(file.extends).toEqual(['django', 'celery', 'stripe'])
    expect(file.variables.SECRET_KEY).toEqual({
      aliases: ['DJANGO_SECRET_KEY'],
      minLength: 50,
      not: ['django-insecure-*'],
      hint: "python -c 'import secrets; print(secrets.token_urlsafe(50))'"
    })
    expect(file.variables.DEBUG).toEqual({ required: false, oneOf: ['false', 'False', '0'], secret: false })
    expect(file.variables.DATABASE_URL).toEqual({ url: ['postgres', 'postgresql'] })
    expect(file.variables.STRIPE_SECRET_KEY).toEqual({ pattern: '^sk_(live|test)_', severity: 'warn' })
    expect(file.services.worker).toEqual({ name: 'worker', extends: ['celery'], variables: {} })
  })

  it('keeps every scalar as written: False stays "False", 0 stays "0", yes is not true', () => {
    const file = parseChecklist('variables:\n  DEBUG: { one-of: [False, 0, off] }\n  MODE: { equals: yes }\n', FILE)
    expect(file.variables.DEBUG.oneOf).toEqual(['False', '0', 'off'])
    expect(file.variables.MODE.equals).toBe('yes')
  })

  it('single values where lists are expected, and `NAME:` alone for "required, nothing else"', () => {
    const file = parseChecklist('extends: django\nvariables:\n  ETSY_API_KEY:\n  OTHER: {}\n  URL: { url: postgres, aliases: DB_URL, not: "*" }\n', FILE)
    expect(file.extends).toEqual(['django'])
    expect(file.variables.ETSY_API_KEY).toEqual({})
    expect(file.variables.OTHER).toEqual({})
    expect(file.variables.URL).toEqual({ url: ['postgres'], aliases: ['DB_URL'], not: ['*'] })
  })

  it('an empty file or one with only comments is an empty checklist', () => {
    expect(parseChecklist('', FILE)).toEqual({ file: FILE, extends: [], variables: {}, services: {} })
    expect(parseChecklist('# nothing yet\n', FILE).variables).toEqual({})
  })

  it('service names match case-insensitively', () => {
    const file = parseChecklist('services:\n  Worker:\n    variables:\n      WORKER_TYPE: { equals: general }\n', FILE)
    expect(file.services.worker).toMatchObject({ name: 'Worker', variables: { WORKER_TYPE: { equals: 'general', secret: false } } })
    expect(problems('services:\n  worker: {}\n  WORKER: {}\n')).toEqual([`${FILE}:3: key 'services.WORKER': the same service as 'worker' (names match case-insensitively)`])
  })

  describe('errors read FILE:LINE: key \'x\': message, with the closest valid word', () => {
    it('a misspelled rule key', () => {
      expect(problems('variables:\n  SECRET_KEY:\n    min_length: 50\n')).toEqual([
        `${FILE}:3: key 'variables.SECRET_KEY.min_length': unknown rule key. Did you mean 'min-length'? Valid keys: required, aliases, equals, one-of, pattern, min-length, url, not, severity, hint.`
      ])
      expect(problems('variables:\n  A: { requird: false }\n')[0]).toMatch(/^\.github\/railway-checklist\.yml:2: key 'variables\.A\.requird': unknown rule key\. Did you mean 'required'\?/)
      expect(problems('variables:\n  A: { oneof: [a] }\n')[0]).toContain("Did you mean 'one-of'?")
    })

    it('a misspelled preset, in extends and in a service', () => {
      expect(problems('extends: [django, postgress]\n')[0]).toMatch(/^\.github\/railway-checklist\.yml:1: key 'extends\[1\]': unknown preset 'postgress'\. Did you mean 'postgres'\?/)
      expect(problems('services:\n  worker:\n    extends: celry\n')[0]).toMatch(/:3: key 'services\.worker\.extends\[0\]': unknown preset 'celry'\. Did you mean 'celery'\?/)
    })

    it('a misspelled top-level or service key', () => {
      expect(problems('variable:\n  A: {}\n')[0]).toMatch(/:1: key 'variable': unknown top-level key\. Did you mean 'variables'\?/)
      expect(problems('services:\n  worker:\n    extend: [celery]\n')[0]).toMatch(/:3: key 'services\.worker\.extend': unknown service key\. Did you mean 'extends'\?/)
    })

    it('wrong values', () => {
      const lines = problems(
        [
          'variables:',
          '  A: { severity: warning }',
          '  B: { min-length: lots }',
          '  C: { required: maybe }',
          '  D: { pattern: "([a-z" }',
          '  F: { one-of: [] }',
          '  G: { url: ["not a scheme"] }',
          '  H: { aliases: [not-a-name] }',
          '  I: [a, b]',
          '  lower-case: {}',
          ''
        ].join('\n')
      )
      expect(lines).toEqual([
        `${FILE}:2: key 'variables.A.severity': expected error or warn, got 'warning'. Did you mean 'warn'?`,
        `${FILE}:3: key 'variables.B.min-length': expected a whole number from 1 to 4096, got 'lots'`,
        `${FILE}:4: key 'variables.C.required': expected true or false, got 'maybe'`,
        expect.stringMatching(new RegExp(`^${FILE.replace(/\./g, '\\.')}:5: key 'variables\\.D\\.pattern': not a valid regular expression: `)),
        `${FILE}:6: key 'variables.F.one-of': give at least one value`,
        `${FILE}:7: key 'variables.G.url[0]': expected a URL scheme such as postgres`,
        `${FILE}:8: key 'variables.H.aliases[0]': 'not-a-name' is not a variable name (letters, digits and _)`,
        `${FILE}:9: key 'variables.I': expected a mapping of rule keys (or nothing, for "required")`,
        `${FILE}:10: key 'variables.lower-case': 'lower-case' is not a variable name (letters, digits and _)`
      ])
    })

    it('a file that is not a mapping', () => {
      expect(problems('- django\n- celery\n')).toEqual([`${FILE}:1: the file must be a mapping with extends, variables and services`])
    })

    it('YAML syntax errors carry their line', () => {
      const lines = problems('variables:\n  A: { min-length: 5\n  B: {}\n')
      expect(lines.length).toBeGreaterThan(0)
      expect(lines[0]).toMatch(/^\.github\/railway-checklist\.yml:\d+: YAML syntax: /)
    })

    it('the message ends with the valid words, as the fix', () => {
      try {
        parseChecklist('extend: [django]\n', FILE)
      } catch (error) {
        expect((error as GateError).fullMessage).toMatch(/Rule keys: required, aliases, equals, one-of, pattern, min-length, url, not, severity, hint\. Presets: django, celery/)
      }
    })
  })

  describe('hostile YAML', () => {
    it('duplicate keys are refused, with the line of the second', () => {
      expect(problems('variables:\n  SECRET_KEY: {}\n  DEBUG: {}\n  SECRET_KEY: { min-length: 10 }\n')).toEqual([
        `${FILE}:4: key 'SECRET_KEY': duplicate key (each key may appear once per mapping)`
      ])
      expect(problems('variables:\n  A: { hint: x, hint: y }\n')[0]).toMatch(/:2: key 'hint': duplicate key/)
    })

    it('an alias bomb is refused without expanding it', () => {
      const bomb = [
        'a: &a [x, x, x, x, x, x, x, x, x, x]',
        'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]',
        'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]',
        'd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]',
        'e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]',
        'variables: { A: { one-of: *e } }'
      ].join('\n')
      const started = Date.now()
      expect(problems(bomb)[0]).toMatch(/^\.github\/railway-checklist\.yml:1: the file could not be read as data: .*resource exhaustion/)
      expect(Date.now() - started).toBeLessThan(2000)
    })

    it('a few aliases are fine', () => {
      const file = parseChecklist('variables:\n  A: { one-of: &f [false, "0"] }\n  B: { one-of: *f }\n', FILE)
      expect(file.variables.B.oneOf).toEqual(['false', '0'])
    })

    it('a file over the size cap is refused before parsing', () => {
      const huge = 'variables:\n' + '  # padding\n'.repeat(Math.ceil(MAX_CHECKLIST_BYTES / 12) + 10)
      expect(problems(huge)).toEqual([`${FILE}:1: the file is ${Buffer.byteLength(huge)} bytes; a checklist may have at most ${MAX_CHECKLIST_BYTES}`])
    })

    it('more documents than one are refused', () => {
      expect(problems('extends: [django]\n---\nextends: [flask]\n')[0]).toMatch(/:2: YAML syntax: Source contains multiple documents/)
    })

    it('too many variables are refused', () => {
      const many = 'variables:\n' + Array.from({ length: 501 }, (_, i) => `  V${i}:\n`).join('')
      expect(problems(many)[0]).toMatch(/key 'variables': at most 500 variables/)
    })
  })
})

describe('the example checklists (examples/<stack>/railway-checklist.yml)', () => {
  const root = join(process.cwd(), 'examples')
  const stacks = readdirSync(root).filter((name) => readdirSync(join(root, name)).includes('railway-checklist.yml'))

  it('there is one for each of the five seed apps', () => {
    expect(stacks.sort()).toEqual(['django-celery', 'django-channels', 'fastapi-workers', 'flask', 'phoenix'])
  })

  it.each(stacks)('%s parses and validates', (stack) => {
    const text = readFileSync(join(root, stack, 'railway-checklist.yml'), 'utf8')
    const file = parseChecklist(text, `examples/${stack}/railway-checklist.yml`)
    expect(file.extends.length).toBeGreaterThan(0)
    expect(Object.keys(file.variables).length).toBeGreaterThan(0)
  })
})
