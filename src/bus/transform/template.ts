// Fills an `InputTemplate` with variable values the way EventBridge does. A template whose first
// non-blank character is `{` or `[` is a JSON template; anything else (a quoted string, several quoted
// lines, plain words) is a text template that is delivered verbatim once filled, outer quotes included.
//
// What the recorded answers show (../shared/conformance/input-transformers.json):
// - JSON template, placeholder outside quotes: the value as JSON (a string gets quotes, an object stays an
//   object); a path that selected nothing becomes `""`.
// - JSON template, placeholder inside quotes: the value's text spliced in without escaping; an object or
//   array there makes the result invalid JSON, and AWS then delivers nothing (and reports no error).
// - Text template: strings spliced in raw, objects and arrays as their JSON with every `"` removed
//   (`{acc_id:0a787ecb-4015,sf_id:baz}`, `[ACTIVE,INACTIVE]`), a missing value as nothing.
// Not recorded, chosen here: a string put outside quotes is escaped as JSON (AWS adds the quotes; whether it
// also escapes is unknown), and a JSON result is delivered minified ("The JSON that is passed to the target
// is minified", eb-transform-target-input).

export type TemplateKind = 'json' | 'text';

/** Placeholder names: InputPathsMap keys (`[A-Za-z0-9_-]+`) and the dotted predefined variables. */
const PLACEHOLDER = /<([A-Za-z0-9_.-]+)>/y;

export function templateKind(template: string): TemplateKind {
  const first = template.trimStart()[0];
  return first === '{' || first === '[' ? 'json' : 'text';
}

/** The placeholder names a template uses, in order of appearance (repeats included). */
export function templatePlaceholders(template: string): string[] {
  return [...template.matchAll(/<([A-Za-z0-9_.-]+)>/g)].map((m) => m[1] ?? '');
}

/**
 * The filled template, or `undefined` when a JSON template does not come out as valid JSON (AWS then
 * delivers nothing). `values` maps each variable to what its path selected; `undefined` means nothing.
 * A placeholder naming no variable stays as written.
 */
export function renderTemplate(template: string, values: ReadonlyMap<string, unknown>): string | undefined {
  const kind = templateKind(template);
  let out = '';
  let inString = false;
  let escaped = false;
  for (let i = 0; i < template.length; ) {
    const c = template[i] ?? '';
    if (c === '<') {
      PLACEHOLDER.lastIndex = i;
      const m = PLACEHOLDER.exec(template);
      const name = m?.[1];
      if (m && name !== undefined && values.has(name)) {
        const value = values.get(name);
        if (kind === 'text') out += asText(value);
        else out += inString ? asSpliced(value) : asJsonValue(value);
        i += m[0].length;
        continue;
      }
    }
    if (kind === 'json') {
      if (escaped) escaped = false;
      else if (inString && c === '\\') escaped = true;
      else if (c === '"') inString = !inString;
    }
    out += c;
    i += 1;
  }
  if (kind === 'text') return out;
  try {
    return JSON.stringify(JSON.parse(out));
  } catch {
    return undefined;
  }
}

function asJsonValue(value: unknown): string {
  return value === undefined ? '""' : JSON.stringify(value);
}

// Inside a JSON string AWS splices the value's own text: a string without its quotes, anything else as
// JSON, so an object or array there breaks the JSON.
function asSpliced(value: unknown): string {
  if (value === undefined) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function asText(value: unknown): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && value !== null) return JSON.stringify(value).replaceAll('"', '');
  return String(value);
}
