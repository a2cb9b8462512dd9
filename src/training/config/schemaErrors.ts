/**
 * Checks a config's value against schemas/gradlab.schema.json with ajv (the same file VS Code uses
 * for completion and hover; the validators are generated from it by scripts/gen-schema-validator.mjs)
 * and turns ajv's errors into problems at the exact key or value, each saying what is allowed there.
 *
 * ajv reports every failed branch of a oneOf, most of them irrelevant (a string activation also
 * "fails" the object branches). So at a failed oneOf we pick the branch the value was meant for
 * (schemaWalk.selectBranch) and validate against that branch alone.
 */
import type { ErrorObject } from 'ajv';
import type { Node } from 'jsonc-parser';
import schemaJson from '../../../schemas/gradlab.schema.json';
import { listMessage, msg, problem, quote, type Message, type MessageArg, type Problem } from './problems';
import {
  deref, describePath, isObject, jsonType, locate, parsePointer, resolve, selectBranch,
  type Located, type SchemaNode, type Segment,
} from './schemaWalk';
import { VALIDATORS } from './schemaValidators.generated';
import { suggestName } from './suggest';
import { keyAt, nodeAt, objectAnchor, spanOf } from './tree';

export const SCHEMA = schemaJson as unknown as SchemaNode;
const ROOT: Located = { node: SCHEMA, pointer: '' };

/** ajv's validators for the schema and for each branch of a oneOf, generated ahead of time (see the script). */
type Validate = ((value: unknown) => boolean) & { errors?: ErrorObject[] | null };

function validatorAt(pointer: string): Validate {
  const v = (VALIDATORS as Record<string, Validate>)[pointer];
  if (!v) throw new Error(`no generated validator for ${pointer}: run node scripts/gen-schema-validator.mjs`);
  return v;
}

/** Names for the things an enum or a discriminator chooses between, by where they are in the schema. */
const KIND_BY_POINTER: Readonly<Record<string, Message>> = {
  '/definitions/activationName': msg('activation'),
  '/definitions/initName': msg('initializer'),
};
const KIND_BY_TAG: Readonly<Record<string, Message>> = { dataset: msg('dataset'), name: msg('optimizer'), mode: msg('clip mode') };

interface Failure {
  readonly error: ErrorObject;
  readonly segments: Segment[];
}

export function schemaProblems(value: unknown, tree: Node): Problem[] {
  const failures = collect(ROOT, value, []);
  const out: Problem[] = [];
  const seen = new Set<string>();
  for (const f of failures) {
    const p = describe(f, value, tree);
    if (!p) continue;
    // One "must be ..." per value: it states everything allowed there, so a second failed keyword at the
    // same value (type and multipleOf on 0.5) would only repeat it with another "got".
    const id = / must be /.test(p.text.template) ? `${p.start}:${p.end}:must-be` : `${p.start}:${p.end}:${p.message}`;
    if (!seen.has(id)) out.push(p);
    seen.add(id);
  }
  return out.sort((a, b) => a.start - b.start);
}

/** ajv's errors for `value` against the schema at `at`, with each failed oneOf narrowed to its branch. */
function collect(at: Located, value: unknown, prefix: Segment[]): Failure[] {
  const validate = validatorAt(at.pointer);
  if (validate(value)) return [];
  const errors = (validate.errors ?? []).map((error) => ({ error, segments: parsePointer(error.instancePath, value) }));
  const unions = errors.filter((f) => f.error.keyword === 'oneOf' || f.error.keyword === 'anyOf');
  // Outermost unions first; everything at or under a union is replaced by its branch's errors.
  const outermost = unions.filter((u) => !unions.some((o) => o !== u && isUnder(u.segments, o.segments)));
  const out: Failure[] = errors
    .filter((f) => !outermost.some((u) => isUnder(f.segments, u.segments)))
    .map((f) => ({ error: f.error, segments: [...prefix, ...f.segments] }));
  for (const u of outermost) {
    const unionAt = locate(SCHEMA, at, value, u.segments);
    const sub = valueAt(value, u.segments);
    const branch = unionAt ? selectBranch(SCHEMA, unionAt, sub) : undefined;
    if (branch) out.push(...collect(branch, sub, [...prefix, ...u.segments]));
    else out.push({ error: { ...u.error, keyword: 'type' }, segments: [...prefix, ...u.segments] });
  }
  return out;
}

function isUnder(path: readonly Segment[], base: readonly Segment[]): boolean {
  return path.length >= base.length && base.every((s, i) => path[i] === s);
}

function valueAt(value: unknown, segments: readonly Segment[]): unknown {
  let v = value;
  for (const s of segments) v = Array.isArray(v) ? v[s as number] : isObject(v) ? v[s as string] : undefined;
  return v;
}

function describe(f: Failure, root: unknown, tree: Node): Problem | undefined {
  const { error, segments } = f;
  const value = valueAt(root, segments);
  const where = describePath(segments);
  const at = locate(SCHEMA, ROOT, root, segments);
  const valueNode = nodeAt(tree, segments);
  const valueSpan = valueNode ? spanOf(valueNode) : objectAnchor(tree, segments);
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String(error.params.additionalProperty);
      const keyNode = keyAt(tree, [...segments, key]);
      const span = keyNode ? spanOf(keyNode) : valueSpan;
      const allowed = Object.keys(at ? objectSchema(at, value).properties ?? {} : {});
      const guess = suggestName(key, allowed);
      const tag = at ? deref(SCHEMA, at).node.discriminator?.propertyName : undefined;
      const place = tag && isObject(value) ? msg('{0} ({1} {2})', where, tag, quote(value[tag])) : where;
      const text = guess
        ? msg('unknown key {0} in {1}. Did you mean {2}? Allowed keys: {3}', quote(key), place, quote(guess), allowed.join(', '))
        : msg('unknown key {0} in {1}. Allowed keys: {2}', quote(key), place, allowed.join(', '));
      return problem(span.start, span.end, 'unknown-key', text, guess ? { replacement: JSON.stringify(guess) } : {});
    }
    case 'required': {
      const key = String(error.params.missingProperty);
      const span = objectAnchor(tree, segments);
      const child = at ? objectSchema(at, value).properties?.[key] : undefined;
      const text = child
        ? msg('{0} needs {1}: {2}', where, quote(key), allowedText(deref(SCHEMA, { node: child, pointer: '' }).node))
        : msg('{0} needs {1}', where, quote(key));
      return problem(span.start, span.end, 'schema', text);
    }
    case 'discriminator': {
      const tag = String(error.params.tag);
      if (error.params.error === 'tag' && isObject(value) && !(tag in value)) return undefined; // 'required' says it
      return unknownName(tree, [...segments, tag], isObject(value) ? value[tag] : undefined, KIND_BY_TAG[tag] ?? tag, tagValues(at, tag));
    }
    case 'enum': {
      const kind = (at && KIND_BY_POINTER[resolve(SCHEMA, at, value).pointer]) ?? where;
      if (typeof value === 'string') return unknownName(tree, segments, value, kind, (error.params.allowedValues as unknown[]).map(String));
      break;
    }
    default:
      break;
  }
  const allowed = at ? allowedText(at.node) : error.message ?? msg('a different value');
  const got = describeValue(error.keyword, value);
  return problem(valueSpan.start, valueSpan.end, 'schema', msg('{0} must be {1} (got {2})', where, allowed, got));
}

function unknownName(tree: Node, segments: Segment[], value: unknown, kind: MessageArg, allowed: readonly string[]): Problem {
  const node = nodeAt(tree, segments);
  const span = node ? spanOf(node) : objectAnchor(tree, segments);
  if (typeof value !== 'string') {
    return problem(span.start, span.end, 'schema', msg('{0} must be one of {1} (got {2})', describePath(segments), allowed.map((a) => quote(a)).join(', '), describeValue('type', value)));
  }
  const guess = suggestName(value, allowed);
  const text = guess
    ? msg('unknown {0} {1}. Did you mean {2}? Allowed: {3}', kind, quote(value), quote(guess), allowed.join(', '))
    : msg('unknown {0} {1}. Allowed: {2}', kind, quote(value), allowed.join(', '));
  return problem(span.start, span.end, 'unknown-name', text, guess ? { replacement: JSON.stringify(guess) } : {});
}

/** The object schema for `value` at `at` (for a discriminated union: the chosen branch). */
function objectSchema(at: Located, value: unknown): SchemaNode {
  const node = deref(SCHEMA, at);
  if (!node.node.oneOf) return node.node;
  const branch = selectBranch(SCHEMA, node, value);
  return branch ? deref(SCHEMA, branch).node : node.node;
}

function tagValues(at: Located | undefined, tag: string): string[] {
  return (at ? deref(SCHEMA, at).node.oneOf ?? [] : []).map((b) => String(deref(SCHEMA, { node: b, pointer: '' }).node.properties?.[tag]?.const));
}

function describeValue(keyword: string, value: unknown): MessageArg {
  const t = jsonType(value);
  if (keyword === 'type' || t === 'object' || t === 'null') {
    switch (t) {
      case 'object': return msg('an object');
      case 'array': return msg('a list');
      case 'null': return 'null';
      case 'boolean': return quote(value);
      case 'integer': return msg('the number {0}', quote(value));
      case 'number': return msg('a number {0}', quote(value));
      default: return msg('a string {0}', quote(value));
    }
  }
  if (t === 'string' && (keyword === 'minLength' || keyword === 'maxLength')) return msg('{0} characters', (value as string).length);
  if (t === 'array' && (keyword === 'minItems' || keyword === 'maxItems')) {
    const n = (value as unknown[]).length;
    return n === 1 ? msg('1 entry') : msg('{0} entries', n);
  }
  return quote(value);
}

/** What a schema node allows, in words: "an integer from 1 to 10000", "one of "sgd", "adam"". */
export function allowedText(node: SchemaNode): MessageArg {
  const n = deref(SCHEMA, { node, pointer: '' }).node;
  const tag = n.discriminator?.propertyName;
  if (tag !== undefined && n.oneOf) {
    const values = n.oneOf.map((b) => quote(deref(SCHEMA, { node: b, pointer: '' }).node.properties?.[tag]?.const));
    return msg('an object with {0}: {1}', quote(tag), values.join(', '));
  }
  if (n.oneOf) return n.oneOf.map((b) => allowedText(b)).reduce((acc, b, i) => (i === 0 ? b : msg('{0}, or {1}', acc, b)), '');
  if ('const' in n) return quote(n.const);
  if (n.enum) return msg('one of {0}', n.enum.map((v) => quote(v)).join(', '));
  const type = Array.isArray(n.type) ? n.type[0] : n.type;
  switch (type) {
    case 'integer':
    case 'number': return numberText(type === 'integer', n);
    case 'string': {
      const text = n.minLength ? msg('non-empty text') : msg('text');
      return n.maxLength !== undefined ? msg('{0} of at most {1} characters', text, n.maxLength) : text;
    }
    case 'boolean': return msg('true or false');
    case 'array': {
      const each = n.items ? allowedText(n.items) : msg('any value');
      if (n.minItems !== undefined && n.minItems === n.maxItems) return msg('a list of exactly {0} entries, each {1}', n.minItems, each);
      if (n.maxItems !== undefined) return msg('a list of {0} to {1} entries, each {2}', n.minItems ?? 0, n.maxItems, each);
      return msg('a list of at least {0} entries, each {1}', n.minItems ?? 0, each);
    }
    case 'object': {
      const required = n.required ?? [];
      return required.length === 0 ? msg('an object { ... }') : msg('an object with {0}', listMessage(required.map((k) => quote(k))));
    }
    default: return n.description ?? msg('a valid value');
  }
}

function numberText(integer: boolean, n: SchemaNode): Message {
  const noun = integer ? msg('an integer') : msg('a number');
  if (n.minimum !== undefined && n.maximum !== undefined) return msg('{0} from {1} to {2}', noun, n.minimum, n.maximum);
  const lo = n.minimum !== undefined ? msg('at least {0}', n.minimum) : n.exclusiveMinimum !== undefined ? msg('greater than {0}', n.exclusiveMinimum) : undefined;
  const hi = n.maximum !== undefined ? msg('at most {0}', n.maximum) : n.exclusiveMaximum !== undefined ? msg('less than {0}', n.exclusiveMaximum) : undefined;
  if (lo && hi) return msg('{0} {1} and {2}', noun, lo, hi);
  if (lo || hi) return msg('{0} {1}', noun, (lo ?? hi)!);
  return noun;
}
