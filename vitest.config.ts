import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    globalSetup: ['test/setup/temp-root.ts'],
    // The tests are TypeScript; a `tsc -p .` that emitted them into dist/ must not run them twice.
    exclude: [...configDefaults.exclude, 'dist/**'],
    // Most end-to-end tests start the built CLI several times; on a shared 2-core machine, with the suite's
    // workers running beside them, 5 s was too little (CI's second pass timed out). Not a speed target:
    // those live in npm run bench.
    testTimeout: 30_000,
    // Both cores: most files run the CLI in process, and the few that start processes (crashes, concurrent
    // writers, memory limits, the binary itself) mostly wait on them.
    maxWorkers: 2,
    // Test files share their worker's modules instead of importing everything again per file (about 20 s of
    // the suite): nothing in src keeps state between calls that a test could leak (every in-process CLI gets
    // its own context: cwd, env, streams, clock), and no test mocks a module.
    isolate: false,
  },
});
