// Declarations every AWS SDK v3 client shares: Smithy's client runtime and types, and the AWS layer over it.
// One chunk, loaded when learner code imports it (../typings.ts). Globs, not a list: ../typings.test.ts checks
// they hold every file TypeScript reaches.
export default import.meta.glob<string>(
  [
    '/node_modules/@smithy/core/*.d.ts',
    '/node_modules/@smithy/core/dist-types/**/*.d.ts',
    '/node_modules/@smithy/types/dist-types/**/*.d.ts',
    '/node_modules/@smithy/signature-v4/dist-types/**/*.d.ts',
    '/node_modules/@aws-sdk/core/*.d.ts',
    '/node_modules/@aws-sdk/core/dist-types/**/*.d.ts',
    '/node_modules/@aws-sdk/types/dist-types/**/*.d.ts',
    '!**/ts3.4/**',
  ],
  { query: '?raw', import: 'default', eager: true },
);
