// ESLint (flat config): module boundaries between the Nx projects, and a few correctness rules.
// Every project's `lint` target runs `eslint <projectRoot>` (nx.json targetDefaults).
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

const SERVICES = ['households', 'schools', 'subsidies', 'teachers', 'vocational'];
const APPS = [...SERVICES, 'gateway'];

/**
 * Tags (project.json): `type:app|lib|tool|e2e` and `scope:<app>|shared`.
 * - libs use only libs; apps use only libs, and never another app (scope);
 * - tools (tools/*, infra) and the whole-graph tests (apps/graph-e2e) may also use the apps,
 *   through `@epg/<app>` only; a tool may use another tool's entry point (`@epg/tools/compose`).
 */
const depConstraints = [
  { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib'] },
  { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:lib'] },
  { sourceTag: 'type:tool', onlyDependOnLibsWithTags: ['type:lib', 'type:app', 'type:tool'] },
  { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['*'] },
  ...APPS.map((app) => ({ sourceTag: `scope:${app}`, onlyDependOnLibsWithTags: [`scope:${app}`, 'scope:shared'] })),
  { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['*'] },
];

const moduleBoundaries = (allow = []) => [
  'error',
  {
    // Relative or absolute imports into another project are always errors; cross-project
    // imports go through the `@epg/*` aliases of tsconfig.base.json.
    allow,
    depConstraints,
    enforceBuildableLibDependency: false,
    // persistence → testing and subgraph-kit → testing are test-only (their tests take a fresh
    // database from libs/testing, which starts PostgreSQL with persistence's embedded server).
    ignoredCircularDependencies: [
      ['persistence', 'testing'],
      ['subgraph-kit', 'testing'],
    ],
  },
];

export default [
  {
    ignores: ['**/node_modules/**', '**/generated/**', '**/dist/**', '**/coverage/**', '.data/**', '.nx/**', 'tmp/**'],
  },
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },
  {
    files: ['**/*.ts', '**/*.js', '**/*.cjs', '**/*.mjs'],
    languageOptions: {
      parser: tseslint.parser,
      ecmaVersion: 2022,
      sourceType: 'module',
    },
    plugins: {
      '@nx': nx,
      '@typescript-eslint': tseslint.plugin,
    },
    rules: {
      '@nx/enforce-module-boundaries': moduleBoundaries(),

      // Correctness: a small set, no style.
      'for-direction': 'error',
      'no-async-promise-executor': 'error',
      'no-compare-neg-zero': 'error',
      'no-cond-assign': 'error',
      'no-constant-binary-expression': 'error',
      'no-debugger': 'error',
      'no-dupe-else-if': 'error',
      'no-duplicate-case': 'error',
      'no-empty-pattern': 'error',
      'no-loss-of-precision': 'error',
      'no-self-assign': 'error',
      'no-self-compare': 'error',
      'no-sparse-arrays': 'error',
      'no-unsafe-finally': 'error',
      'no-unsafe-negation': 'error',
      'no-unsafe-optional-chaining': 'error',
      'no-unused-private-class-members': 'error',
      'require-yield': 'error',
      'use-isnan': 'error',
      'valid-typeof': 'error',
      '@typescript-eslint/no-duplicate-enum-values': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-extra-non-null-assertion': 'error',
      '@typescript-eslint/no-misused-new': 'error',
      '@typescript-eslint/no-non-null-asserted-optional-chain': 'error',
      '@typescript-eslint/no-require-imports': 'error',
      '@typescript-eslint/no-unsafe-declaration-merging': 'error',
      '@typescript-eslint/no-unsafe-function-type': 'error',
      '@typescript-eslint/no-wrapper-object-types': 'error',
    },
  },
  {
    // CommonJS config files (jest.config.cjs, presets) require by nature.
    files: ['**/*.cjs', '**/*.js'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Tools and the whole-graph tests may import an app, through its public entry point only
    // (`@epg/<app>` → apps/<app>/src/index.ts); `allow` lifts Nx's blanket "no imports of apps".
    files: ['tools/**/*', 'apps/graph-e2e/**/*'],
    rules: {
      '@nx/enforce-module-boundaries': moduleBoundaries([`^@epg/(${APPS.join('|')})$`]),
    },
  },
  {
    // Each project's jest config spreads the workspace preset (../../jest.*preset.js), a file of
    // no project: configuration, not a module boundary.
    files: ['**/jest.config.cjs', '**/jest.*.config.cjs'],
    rules: { '@nx/enforce-module-boundaries': 'off' },
  },
  {
    // A migration is frozen history: it may import only typeorm and its sibling migrations, so
    // later code changes never change what an old migration does.
    files: SERVICES.map((s) => `apps/${s}/src/migrations/**/*.ts`),
    // The migrations' own test replays them and compares the schema: it is no migration.
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!(typeorm|\\./[^/]+)$)',
              message: 'A migration imports only from typeorm and its sibling migrations (./<file>): inline the SQL it needs.',
            },
          ],
        },
      ],
    },
  },
];
