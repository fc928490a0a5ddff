// Declarations of 'aws-lambda' (@types/aws-lambda): the event and context types of every trigger.
// One chunk, loaded when learner code imports it (../typings.ts). Globs, not a list: ../typings.test.ts checks
// they hold every file TypeScript reaches.
export default import.meta.glob<string>(
  [
    '/node_modules/@types/aws-lambda/**/*.d.ts',
    '!**/ts3.4/**',
  ],
  { query: '?raw', import: 'default', eager: true },
);
