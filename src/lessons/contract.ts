// The pieces the lesson contract is written with (src/lessons/architecture.ts, and the learner's JSON files that
// reuse its parts), and one way of saying what is wrong with a value: where it is, and what it should be, in
// words a lesson author or a learner can act on. zod/mini rather than full zod: it runs in the page as well as
// in Node, and the page only pays for the parts it uses (full zod brings every locale it has).
//
// What the schemas check is shape: keys, types, which fields are required. Rules about values that AWS itself
// enforces (a period that is a multiple of 60, a JSONPath in an input transformer) are AWS's to refuse, in
// AWS's words, when the simulator builds the lesson; the schemas carry them only as hints for the editor
// (`describe(…, hints)`), which shows them as you type.

import * as z from 'zod/mini';
import { nearestWord, unknownKeyMessage } from './spelling.ts';

export { z };

/** An object that refuses keys it does not know, naming the key that was probably meant. */
export const strict = <Shape extends z.core.$ZodLooseShape>(shape: Shape) =>
  z.strictObject(shape, { error: (issue) => (issue.code === 'unrecognized_keys' ? unknownKeyMessage(issue.keys[0]!, Object.keys(shape)) : undefined) });

/**
 * One of several shapes. zod reports a value that fits none with every shape's complaints; `problemWith` picks the
 * shape the value was plainly meant to be, and says `otherwise` when it cannot tell (`{ "qeue": "x" }` as a ResourceRef).
 */
export const oneOf = <const Options extends readonly z.core.$ZodType[]>(options: Options, otherwise: (input: unknown) => string) =>
  z.union(options, { error: (issue) => (issue.code === 'invalid_union' ? otherwise(issue.input) : undefined) });

/**
 * Text shown when hovering the field in the editor (Markdown: `code` in backticks), and JSON Schema keywords for
 * the editor's eyes only (`{ type: 'integer', multipleOf: 60 }`): AWS enforces those rules, and the simulator
 * refuses a value that breaks them in AWS's words.
 */
export function describe<T extends z.ZodMiniType>(schema: T, description: string, editorHints: Record<string, unknown> = {}): T {
  z.globalRegistry.add(schema as z.core.$ZodType, { description, ...editorHints });
  return schema;
}

type Path = readonly PropertyKey[];

export interface ProblemOptions {
  /** How a place in the value is named: `rules[0] ("user-signed-up").targets[0]` by default. */
  where?: (path: Path, value: unknown) => string;
}

/**
 * The first thing wrong with `value` by `schema`, as a sentence without its file (`functions[0] has an unknown key
 * "enviroment" (did you mean "environment"?)`), or undefined when it fits. A misspelt key is named before the
 * required key it leaves missing, since the misspelling is the cause.
 */
export function problemWith(schema: z.core.$ZodType, value: unknown, options: ProblemOptions = {}): string | undefined {
  const result = z.safeParse(schema, value, { error: defaultMessage });
  if (result.success) return undefined;
  const where = options.where ?? jsPath;
  return describeIssue(firstIssue(result.error.issues), [], value, where);
}

function describeIssue(issue: z.core.$ZodIssue, base: Path, root: unknown, where: (path: Path, value: unknown) => string): string {
  const path = [...base, ...issue.path];
  if (issue.code === 'invalid_union') {
    const branch = meantBranch(issue.errors, valueAt(root, path));
    if (branch) return describeIssue(firstIssue(branch), path, root, where);
  }
  const last = path.at(-1);
  const parent = path.slice(0, -1);
  if (issue.code === 'invalid_type' && last !== undefined && valueAt(root, path) === undefined && !isIndex(last)) {
    return sentence(where(parent, root), `has no "${String(last)}"`);
  }
  if (issue.code === 'unrecognized_keys') return sentence(where(path, root), issue.message);
  const place = where(path, root);
  return place ? `${place}: ${issue.message}` : issue.message;
}

const sentence = (subject: string, predicate: string) => (subject ? `${subject} ${predicate}` : predicate);

/** Unknown keys first: `{ "nmae": … }` is missing "name" because of the typo, and the typo is what to fix. */
const firstIssue = (issues: readonly z.core.$ZodIssue[]) => issues.find((i) => i.code === 'unrecognized_keys') ?? issues[0]!;

/**
 * The option of a union the value was meant to be: one whose type it has and whose required keys it holds; of
 * several, the one with the fewest complaints. Undefined when no option fits that well.
 */
function meantBranch(branches: z.core.$ZodIssue[][], value: unknown): z.core.$ZodIssue[] | undefined {
  const fitting = branches.filter((issues) =>
    issues.every((i) => !(i.path.length === 0 && i.code === 'invalid_type') && !(i.path.length === 1 && i.code === 'invalid_type' && valueAt(value, i.path) === undefined)),
  );
  return fitting.sort((a, b) => a.length - b.length)[0];
}

/** What the parse says for each kind of problem, unless the schema says it its own way. */
const defaultMessage = (issue: z.core.$ZodRawIssue): string | undefined => {
  switch (issue.code) {
    case 'invalid_type':
      return `must be ${article(issue.expected)}, not ${kindOf(issue.input)}`;
    case 'invalid_value': {
      const values = issue.values.map((v) => JSON.stringify(v));
      const near = typeof issue.input === 'string' ? nearestOf(issue.input, issue.values) : undefined;
      return `${JSON.stringify(issue.input)} is not ${values.length === 1 ? values[0] : `one of ${values.join(', ')}`}${near ? ` (did you mean ${JSON.stringify(near)}?)` : ''}`;
    }
    case 'too_small':
      if (issue.origin === 'string' && Number(issue.minimum) === 1) return 'must not be empty';
      return issue.origin === 'array' ? `must have at least ${issue.minimum} item${issue.minimum === 1 ? '' : 's'}` : `must be at least ${issue.minimum}`;
    case 'too_big':
      return issue.origin === 'array' ? `must have at most ${issue.maximum} item${issue.maximum === 1 ? '' : 's'}` : `must be at most ${issue.maximum}`;
    case 'invalid_union':
      return 'is none of the forms it may take';
    default:
      return undefined;
  }
};

const nearestOf = (word: string, values: readonly unknown[]) => nearestWord(word, values.filter((v): v is string => typeof v === 'string'));

const article = (expected: string) =>
  ({ string: 'a string', number: 'a number', boolean: 'true or false', array: 'a list', object: 'an object', record: 'an object', int: 'a whole number' })[expected] ??
  expected;

const kindOf = (value: unknown) =>
  value === null ? 'null' : Array.isArray(value) ? 'a list' : typeof value === 'object' ? 'an object' : typeof value === 'string' ? `the string ${JSON.stringify(value)}` : `${typeof value} ${String(value)}`;

const isIndex = (key: PropertyKey) => typeof key === 'number';

function valueAt(value: unknown, path: Path): unknown {
  let current = value;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

/** `rules[0] ("user-signed-up").targets[0] ("welcome-email").to`: each list item named by its name or id, when it has one. */
export function jsPath(path: Path, value: unknown): string {
  let text = '';
  let current = value;
  for (const key of path) {
    current = typeof current === 'object' && current !== null ? (current as Record<PropertyKey, unknown>)[key] : undefined;
    if (isIndex(key)) {
      const named = typeof current === 'object' && current !== null ? ((current as { name?: unknown }).name ?? (current as { id?: unknown }).id) : undefined;
      text += `[${String(key)}]${typeof named === 'string' ? ` (${JSON.stringify(named)})` : ''}`;
    } else text += /^[A-Za-z_$][\w$]*$/.test(String(key)) ? `${text ? '.' : ''}${String(key)}` : `[${JSON.stringify(String(key))}]`;
  }
  return text;
}
