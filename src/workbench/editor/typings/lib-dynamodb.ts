// Declarations of @aws-sdk/lib-dynamodb, the document client, and util-dynamodb (with ./client-dynamodb.ts).
// One chunk, loaded when learner code imports it (../typings.ts). Globs, not a list: ../typings.test.ts checks
// they hold every file TypeScript reaches.
export default import.meta.glob<string>(
  [
    '/node_modules/@aws-sdk/lib-dynamodb/dist-types/**/*.d.ts',
    '/node_modules/@aws-sdk/util-dynamodb/dist-types/**/*.d.ts',
    '!**/ts3.4/**',
  ],
  { query: '?raw', import: 'default', eager: true },
);
