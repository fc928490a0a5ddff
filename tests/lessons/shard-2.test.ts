import { lessonSelfTest } from './self-test.ts';

// One of the self-test's shards; self-test.ts says what they prove and how the answers are dealt out.
lessonSelfTest(2);
