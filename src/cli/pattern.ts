// `npm run -s pattern -- test|explain PATTERN EVENT`: the pattern engine at the terminal.
// PATTERN and EVENT are file paths, or `-` for standard input (at most one of them).
// Exit codes: 0 answered, 1 AWS rejected the pattern or event (its message is printed), 2 bad usage.

import { readFileSync } from 'node:fs';
import { explain, isAwsPatternError, renderExplanation, testEventPattern } from '../bus/pattern/index.ts';

const USAGE = 'usage: npm run -s pattern -- test|explain PATTERN EVENT   (files, or - for standard input)';

function main(args: readonly string[]): number {
  const [command, patternPath, eventPath, ...rest] = args;
  if ((command !== 'test' && command !== 'explain') || !patternPath || !eventPath || rest.length > 0) {
    return usage();
  }
  if (patternPath === '-' && eventPath === '-') return usage();
  let patternText: string;
  let eventText: string;
  try {
    patternText = read(patternPath);
    eventText = read(eventPath);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    return 2;
  }
  try {
    if (command === 'test') {
      process.stdout.write(`${testEventPattern(patternText, eventText)}\n`);
    } else {
      process.stdout.write(`${renderExplanation(explain(patternText, eventText))}\n`);
    }
    return 0;
  } catch (error) {
    if (!isAwsPatternError(error)) throw error;
    process.stdout.write(`${error.message}\n`);
    return 1;
  }
}

function usage(): number {
  process.stderr.write(`${USAGE}\n`);
  return 2;
}

function read(path: string): string {
  try {
    return readFileSync(path === '-' ? 0 : path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(`cannot read ${path === '-' ? 'standard input' : path}${code ? ` (${code})` : ''}`);
  }
}

process.exitCode = main(process.argv.slice(2));
