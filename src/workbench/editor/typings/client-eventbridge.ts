// Declarations of @aws-sdk/client-eventbridge (with ./sdk-core.ts).
// One chunk, loaded when learner code imports it (../typings.ts). Globs, not a list: ../typings.test.ts checks
// they hold every file TypeScript reaches.
export default import.meta.glob<string>(
  [
    '/node_modules/@aws-sdk/client-eventbridge/dist-types/**/*.d.ts',
    '!**/ts3.4/**',
  ],
  { query: '?raw', import: 'default', eager: true },
);
