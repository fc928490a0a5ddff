// What parsed expressions do to items: conditions and filters evaluated against an item (a missing attribute
// makes a comparison false, a type mismatch makes it false rather than an error, as DynamoDB does), update
// actions applied with every right-hand side read from the item as it was, and projections.
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.UpdateExpressions.html

import { validation } from './errors.ts';
import type { Condition, Operand, Path, SetValue, UpdateExpression, UpdateOperand } from './expressions.ts';
import {
  addNumbers,
  compareValues,
  isSetType,
  memberType,
  setMembers,
  typeOf,
  valuesEqual,
  type AttributeValue,
  type Item,
} from './values.ts';

const invalidPath = () => validation('The document path provided in the update expression is invalid for update');
const wrongType = () => validation('An operand in the update expression has an incorrect data type');

/** The value at a document path, or undefined when any step of it is missing or of the wrong kind. */
export function getPath(item: Item | undefined, path: Path): AttributeValue | undefined {
  let current: AttributeValue | undefined = item ? { M: item } : undefined;
  for (const element of path.elements) {
    if (current === undefined) return undefined;
    const container: AttributeValue = current;
    if (typeof element === 'number') current = 'L' in container ? (container as { L: AttributeValue[] }).L[element] : undefined;
    else current = 'M' in container && Object.hasOwn(container.M, element) ? container.M[element] : undefined;
  }
  return current;
}

// ---- Conditions ----

export function evaluateCondition(condition: Condition, item: Item | undefined): boolean {
  switch (condition.kind) {
    case 'and':
      return evaluateCondition(condition.left, item) && evaluateCondition(condition.right, item);
    case 'or':
      return evaluateCondition(condition.left, item) || evaluateCondition(condition.right, item);
    case 'not':
      return !evaluateCondition(condition.condition, item);
    case 'attribute_exists':
      return getPath(item, condition.path) !== undefined;
    case 'attribute_not_exists':
      return getPath(item, condition.path) === undefined;
    case 'attribute_type': {
      const value = getPath(item, condition.path);
      const type = operandValue(condition.type, item);
      return value !== undefined && type !== undefined && 'S' in type && typeOf(value) === type.S;
    }
    case 'begins_with': {
      const value = getPath(item, condition.subject);
      const prefix = operandValue(condition.operand, item);
      if (!value || !prefix) return false;
      if ('S' in value && 'S' in prefix) return value.S.startsWith(prefix.S);
      if ('B' in value && 'B' in prefix) return atob(value.B).startsWith(atob(prefix.B));
      return false;
    }
    case 'contains': {
      const value = getPath(item, condition.subject);
      const operand = operandValue(condition.operand, item);
      if (!value || !operand) return false;
      if ('S' in value) return 'S' in operand && value.S.includes(operand.S);
      if ('B' in value) return 'B' in operand && atob(value.B).includes(atob(operand.B));
      if ('L' in value) return value.L.some((member) => valuesEqual(member, operand));
      const type = typeOf(value);
      if (isSetType(type)) return typeOf(operand) === memberType(type) && setMembers(value).some((member) => valuesEqual(member, operand));
      return false;
    }
    case 'compare': {
      const left = operandValue(condition.left, item);
      const right = operandValue(condition.right, item);
      if (left === undefined || right === undefined) return condition.op === '<>' && (left !== undefined || right !== undefined);
      if (condition.op === '=') return valuesEqual(left, right);
      if (condition.op === '<>') return !valuesEqual(left, right);
      const order = compareValues(left, right);
      if (order === undefined) return false;
      return condition.op === '<' ? order < 0 : condition.op === '<=' ? order <= 0 : condition.op === '>' ? order > 0 : order >= 0;
    }
    case 'between': {
      const value = operandValue(condition.operand, item);
      const low = operandValue(condition.low, item);
      const high = operandValue(condition.high, item);
      if (!value || !low || !high) return false;
      const fromLow = compareValues(value, low);
      const toHigh = compareValues(value, high);
      return fromLow !== undefined && toHigh !== undefined && fromLow >= 0 && toHigh <= 0;
    }
    case 'in': {
      const value = operandValue(condition.operand, item);
      return value !== undefined && condition.list.some((candidate) => {
        const other = operandValue(candidate, item);
        return other !== undefined && valuesEqual(value, other);
      });
    }
  }
}

function operandValue(operand: Operand, item: Item | undefined): AttributeValue | undefined {
  if (operand.kind === 'value') return operand.value;
  if (operand.kind === 'path') return getPath(item, operand);
  const value = getPath(item, operand.path);
  if (value === undefined) return undefined;
  if ('S' in value) return { N: String([...value.S].length) };
  if ('B' in value) return { N: String(atob(value.B).length) };
  if ('L' in value) return { N: String(value.L.length) };
  if ('M' in value) return { N: String(Object.keys(value.M).length) };
  const type = typeOf(value);
  return isSetType(type) ? { N: String(setMembers(value).length) } : undefined;
}

// ---- Updates ----

/** The item after the update; `old` is left as it was. */
export function applyUpdate(update: UpdateExpression, old: Item): Item {
  // Every right-hand side is read from the item as it was before this update.
  const sets = update.set.map(({ path, value }) => ({ path, value: setValue(value, old) }));
  const item = structuredClone(old);
  for (const { path, value } of sets) writePath(item, path, value);
  // Removing list elements by index: highest first, so earlier indexes still name the elements meant.
  const removals = [...update.remove].sort((a, b) => lastIndex(b) - lastIndex(a));
  for (const path of removals) removePath(item, path);
  for (const { path, value } of update.add) {
    const current = getPath(item, path);
    if (current === undefined) writePath(item, path, value.value);
    else writePath(item, path, addTo(current, value.value));
  }
  for (const { path, value } of update.delete) {
    const current = getPath(item, path);
    if (current === undefined) continue;
    const type = typeOf(current);
    if (!isSetType(type) || typeOf(value.value) !== type) throw wrongType();
    const remaining = setMembers(current).filter((m) => !setMembers(value.value).some((d) => valuesEqual(m, d)));
    if (remaining.length === 0) removePath(item, path);
    else writePath(item, path, { [type]: remaining.map((m) => (m as Record<string, string>)[memberType(type)]) } as AttributeValue);
  }
  return item;
}

const lastIndex = (path: Path) => {
  const last = path.elements[path.elements.length - 1];
  return typeof last === 'number' ? last : -1;
};

function setValue(value: SetValue, item: Item): AttributeValue {
  if (value.kind !== '+' && value.kind !== '-') return updateOperand(value as UpdateOperand, item);
  const left = updateOperand(value.left, item);
  const right = updateOperand(value.right, item);
  if (!('N' in left) || !('N' in right)) throw wrongType();
  return { N: addNumbers(left.N, right.N, value.kind === '+' ? 1 : -1) };
}

function updateOperand(operand: UpdateOperand, item: Item): AttributeValue {
  switch (operand.kind) {
    case 'value':
      return operand.value;
    case 'path': {
      const value = getPath(item, operand);
      if (value === undefined) throw validation('The provided expression refers to an attribute that does not exist in the item');
      return value;
    }
    case 'if_not_exists':
      return getPath(item, operand.path) ?? updateOperand(operand.fallback, item);
    case 'list_append': {
      const left = updateOperand(operand.left, item);
      const right = updateOperand(operand.right, item);
      if (!('L' in left) || !('L' in right)) throw wrongType();
      return { L: [...left.L, ...right.L] };
    }
  }
}

function addTo(current: AttributeValue, delta: AttributeValue): AttributeValue {
  if ('N' in current && 'N' in delta) return { N: addNumbers(current.N, delta.N) };
  const type = typeOf(current);
  if (!isSetType(type) || typeOf(delta) !== type) throw wrongType();
  const union = [...setMembers(current)];
  for (const member of setMembers(delta)) if (!union.some((m) => valuesEqual(m, member))) union.push(member);
  return { [type]: union.map((m) => (m as Record<string, string>)[memberType(type)]) } as AttributeValue;
}

/** The container holding the last element of `path`: it must exist, as DynamoDB creates no parents. */
function parentOf(item: Item, path: Path): AttributeValue {
  const parent = getPath(item, { kind: 'path', elements: path.elements.slice(0, -1) });
  const last = path.elements[path.elements.length - 1];
  if (!parent || (typeof last === 'number' ? !('L' in parent) : !('M' in parent))) throw invalidPath();
  return parent;
}

function writePath(item: Item, path: Path, value: AttributeValue): void {
  const last = path.elements[path.elements.length - 1]!;
  const parent = parentOf(item, path);
  const copy = structuredClone(value);
  if (typeof last === 'number') {
    const list = (parent as { L: AttributeValue[] }).L;
    // An index past the end appends, as DynamoDB does.
    if (last >= list.length) list.push(copy);
    else list[last] = copy;
  } else (parent as { M: Item }).M[last] = copy;
}

function removePath(item: Item, path: Path): void {
  const last = path.elements[path.elements.length - 1]!;
  const parent = parentOf(item, path);
  if (typeof last === 'number') {
    const list = (parent as { L: AttributeValue[] }).L;
    if (last < list.length) list.splice(last, 1);
  } else delete (parent as { M: Item }).M[last];
}

// ---- Projections ----

/** The parts of an item the paths name, nested as in the item; list elements keep their order. */
export function project(item: Item, paths: readonly Path[]): Item {
  const result: Item = {};
  const picked = new Map<AttributeValue[], Map<number, AttributeValue>>();
  for (const path of paths) {
    const value = getPath(item, path);
    if (value === undefined) continue;
    let target: AttributeValue = { M: result };
    let source: AttributeValue = { M: item };
    path.elements.forEach((element, i) => {
      const isLast = i === path.elements.length - 1;
      const next: AttributeValue = typeof element === 'number' ? (source as { L: AttributeValue[] }).L[element]! : (source as { M: Item }).M[element]!;
      const made: AttributeValue = isLast ? structuredClone(next) : 'L' in next ? { L: [] } : { M: {} };
      if (typeof element === 'number') {
        const list = (target as { L: AttributeValue[] }).L;
        const slots = picked.get(list) ?? new Map<number, AttributeValue>();
        picked.set(list, slots);
        target = slots.get(element) ?? made;
        slots.set(element, target);
      } else {
        const map = (target as { M: Item }).M;
        target = map[element] ?? made;
        map[element] = target;
      }
      source = next;
    });
  }
  for (const [list, slots] of picked) list.push(...[...slots.entries()].sort(([a], [b]) => a - b).map(([, v]) => v));
  return result;
}

