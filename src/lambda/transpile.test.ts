import { describe, expect, it } from 'vitest';
import { mapPositions, mapStack, transpileModule, UserCodeSyntaxError } from './transpile.ts';

const handler = `import type { EventBridgeEvent } from 'aws-lambda';

interface UserSignedUp { userId: string; email: string }

export const handler = async (event: EventBridgeEvent<'UserSignedUp', UserSignedUp>) => {
  const id: string = event.detail.userId;
  throw new Error('no welcome for ' + id);
};
`;

describe('transpiling learner TypeScript', () => {
  it('strips types and turns exports into CommonJS, keeping line numbers', () => {
    const { code } = transpileModule('handler.ts', handler);
    expect(code).not.toContain('interface');
    expect(code).toContain('exports.handler = handler');
    const lines = code.split('\n');
    expect(lines[6]).toContain("throw new Error('no welcome for ' + id)");
  });

  it('reports a syntax error at the learner’s line and column', () => {
    const error = (() => {
      try {
        transpileModule('handler.ts', 'export const handler = async () => {\n  const x = ;\n};');
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(UserCodeSyntaxError);
    expect(error).toMatchObject({ name: 'Runtime.UserCodeSyntaxError', path: 'handler.ts', line: 2 });
    expect((error as Error).message).toBe("SyntaxError: Unexpected token (handler.ts:2:13)");
  });

  it('maps a stack frame in transpiled code back to the TypeScript position, hiding runtime frames', () => {
    const compiled = transpileModule('handler.ts', handler);
    const generatedLine = compiled.code.split('\n').findIndex((l) => l.includes('throw new Error')) + 1;
    const generatedColumn = compiled.code.split('\n')[generatedLine - 1]!.indexOf('new Error') + 1;
    const stack = [
      'Error: no welcome for 12345',
      `    at handler (handler.ts:${generatedLine}:${generatedColumn})`,
      '    at invoke (sandbox-runtime.js:120:20)',
    ].join('\n');
    expect(mapStack(stack, new Map([['handler.ts', compiled]]))).toBe('Error: no welcome for 12345\n    at handler (handler.ts:7:9)');
  });
});

describe('positions in logged text', () => {
  it('maps stack frames and leaves the learner’s own words alone', () => {
    const compiled = transpileModule('handler.ts', handler);
    const text = 'Edit handler.ts:10:5 next\n    at handler (handler.ts:7:9)';
    const mapped = mapPositions(text, new Map([['handler.ts', compiled]]));
    expect(mapped.split('\n')[0]).toBe('Edit handler.ts:10:5 next');
    expect(mapped.split('\n')[1]).toMatch(/^    at handler \(handler\.ts:\d+:\d+\)$/);
  });
});
