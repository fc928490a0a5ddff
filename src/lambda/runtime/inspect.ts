// How console.log shows values in Lambda's Node.js runtime (Node's util.format and util.inspect), for the
// cases handlers print: strings as they are, objects as `{ userId: '12345', tags: [ 'a', 'b' ] }`, errors
// with their stack. Runs inside the sandbox, where Node's util does not exist (the browser host).

const MAX_DEPTH = 2;

export function formatLogArgs(args: readonly unknown[]): string {
  if (args.length === 0) return '';
  const [first, ...rest] = args;
  let head: string;
  if (typeof first === 'string' && rest.length > 0 && first.includes('%')) {
    head = first.replace(/%([sdifjoOc%])/g, (match, spec: string) => {
      if (spec === '%') return '%';
      if (rest.length === 0) return match;
      const value = rest.shift();
      switch (spec) {
        case 's':
          return typeof value === 'string' ? value : inspect(value, 1);
        case 'd':
        case 'i':
          return typeof value === 'object' ? 'NaN' : String(spec === 'i' ? Number.parseInt(String(value), 10) : Number(value));
        case 'f':
          return String(Number.parseFloat(String(value)));
        case 'j':
          try {
            return JSON.stringify(value);
          } catch {
            return '[Circular]';
          }
        case 'c':
          return '';
        default:
          return inspect(value, MAX_DEPTH);
      }
    });
  } else {
    head = typeof first === 'string' ? first : inspect(first, MAX_DEPTH);
  }
  return [head, ...rest.map((value) => (typeof value === 'string' ? value : inspect(value, MAX_DEPTH)))].join(' ');
}

export function inspect(value: unknown, depth = MAX_DEPTH, seen: unknown[] = []): string {
  switch (typeof value) {
    case 'string':
      return seen.length === 0 ? value : quote(value);
    case 'number':
      return Object.is(value, -0) ? '-0' : String(value);
    case 'bigint':
      return `${value}n`;
    case 'boolean':
    case 'undefined':
      return String(value);
    case 'symbol':
      return value.toString();
    case 'function':
      return value.name ? `[Function: ${value.name}]` : '[Function (anonymous)]';
  }
  if (value === null) return 'null';
  if (seen.includes(value)) return '[Circular *1]';
  if (value instanceof Error) return value.stack ?? `${value.name}: ${value.message}`;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
  if (value instanceof RegExp) return String(value);
  const nested = [...seen, value];
  if (Array.isArray(value)) {
    if (depth < 0) return '[Array]';
    if (value.length === 0) return '[]';
    const items = value.slice(0, 100).map((item) => inspect(item, depth - 1, nested));
    if (value.length > 100) items.push(`... ${value.length - 100} more items`);
    return wrap('[', items, ']');
  }
  if (value instanceof Map) {
    if (depth < 0) return '[Map]';
    return `Map(${value.size}) ${wrap('{', [...value].map(([k, v]) => `${inspect(k, depth - 1, nested)} => ${inspect(v, depth - 1, nested)}`), '}')}`;
  }
  if (value instanceof Set) {
    if (depth < 0) return '[Set]';
    return `Set(${value.size}) ${wrap('{', [...value].map((v) => inspect(v, depth - 1, nested)), '}')}`;
  }
  if (depth < 0) return '[Object]';
  const entries = Object.entries(value as Record<string, unknown>).map(([key, v]) => `${/^[A-Za-z_$][\w$]*$/.test(key) ? key : quote(key)}: ${inspect(v, depth - 1, nested)}`);
  const name = (value as object).constructor?.name;
  const prefix = name && name !== 'Object' ? `${name} ` : '';
  return entries.length === 0 ? `${prefix}{}` : prefix + wrap('{', entries, '}');
}

function wrap(open: string, items: string[], close: string): string {
  const oneLine = `${open} ${items.join(', ')} ${close}`;
  if (oneLine.length <= 72 && !items.some((item) => item.includes('\n'))) return oneLine;
  return `${open}\n${items.map((item) => `  ${item.replace(/\n/g, '\n  ')}`).join(',\n')}\n${close}`;
}

const quote = (text: string) => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;
