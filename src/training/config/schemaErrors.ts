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
import { problem, quote, type Problem } from './problems';
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
const KIND_BY_POINTER: Readonly<Record<string, string>> = {
  '/definitions/activationName': 'activation',
  '/definitions/initName': 'initializer',
};
const KIND_BY_TAG: Readonly<Record<string, string>> = { dataset: 'dataset', name: 'optimizer', mode: 'clip mode' };

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
    const id = `${p.start}:${p.end}:${p.message}`;
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
      const hint = guess ? ` Did you mean ${quote(guess)}?` : '';
      const tag = at ? deref(SCHEMA, at).node.discriminator?.propertyName : undefined;
      const variant = tag && isObject(value) ? ` (${tag} ${quote(value[tag])})` : '';
      return problem(span.start, span.end, 'unknown-key',
        `unknown key ${quote(key)} in ${where}${variant}.${hint} Allowed keys: ${allowed.join(', ')}`,
        guess ? { replacement: JSON.stringify(guess) } : {});
    }
    case 'required': {
      const key = String(error.params.missingProperty);
      const span = objectAnchor(tree, segments);
      const child = at ? objectSchema(at, value).properties?.[key] : undefined;
      const what = child ? `: ${allowedText(deref(SCHEMA, { node: child, pointer: '' }).node)}` : '';
      return problem(span.start, span.end, 'schema', `${where} needs ${quote(key)}${what}`);
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
  const allowed = at ? allowedText(at.node) : error.message ?? 'a different value';
  const got = describeValue(error.keyword, value);
  return problem(valueSpan.start, valueSpan.end, 'schema', `${where} must be ${allowed} (got ${got})`);
}

function unknownName(tree: Node, segments: Segment[], value: unknown, kind: string, allowed: readonly string[]): Problem {
  const node = nodeAt(tree, segments);
  const span = node ? spanOf(node) : objectAnchor(tree, segments);
  if (typeof value !== 'string') {
    return problem(span.start, span.end, 'schema', `${describePath(segments)} must be one of ${allowed.map((a) => quote(a)).join(', ')} (got ${describeValue('type', value)})`);
  }
  const guess = suggestName(value, allowed);
  const hint = guess ? ` Did you mean ${quote(guess)}?` : '';
  return problem(span.start, span.end, 'unknown-name', `unknown ${kind} ${quote(value)}.${hint} Allowed: ${allowed.join(', ')}`,
    guess ? { replacement: JSON.stringify(guess) } : {});
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

function describeValue(keyword: string, value: unknown): string {
  const t = jsonType(value);
  if (keyword === 'type' || t === 'object' || t === 'null') {
    const shown = t === 'object' ? 'an object' : t === 'array' ? 'a list' : t === 'null' ? 'null' : `${t === 'integer' ? 'the number' : t === 'boolean' ? '' : `a ${t}`} ${quote(value)}`.trim();
    return shown;
  }
  if (t === 'string' && (keyword === 'minLength' || keyword === 'maxLength')) return `${(value as string).length} characters`;
  if (t === 'array' && (keyword === 'minItems' || keyword === 'maxItems')) {
    const n = (value as unknown[]).length;
    return `${n} ${n === 1 ? 'entry' : 'entries'}`;
  }
  return quote(value);
}

/** What a schema node allows, in words: "an integer from 1 to 10000", "one of "sgd", "adam"". */
export function allowedText(node: SchemaNode): string {
  const n = deref(SCHEMA, { node, pointer: '' }).node;
  const tag = n.discriminator?.propertyName;
  if (tag !== undefined && n.oneOf) {
    const values = n.oneOf.map((b) => quote(deref(SCHEMA, { node: b, pointer: '' }).node.properties?.[tag]?.const));
    return `an object with ${quote(tag)}: ${values.join(', ')}`;
  }
  if (n.oneOf) return n.oneOf.map((b) => allowedText(b)).join(', or ');
  if ('const' in n) return quote(n.const);
  if (n.enum) return `one of ${n.enum.map((v) => quote(v)).join(', ')}`;
  const type = Array.isArray(n.type) ? n.type[0] : n.type;
  switch (type) {
    case 'integer':
    case 'number': return numberText(type === 'integer' ? 'an integer' : 'a number', n);
    case 'string': {
      const parts = [n.minLength ? 'non-empty' : '', 'text'].filter(Boolean).join(' ');
      return `${parts}${n.maxLength !== undefined ? ` of at most ${n.maxLength} characters` : ''}`;
    }
    case 'boolean': return 'true or false';
    case 'array': {
      const count = n.minItems !== undefined && n.minItems === n.maxItems ? `exactly ${n.minItems}`
        : n.maxItems !== undefined ? `${n.minItems ?? 0} to ${n.maxItems}` : `at least ${n.minItems ?? 0}`;
      return `a list of ${count} entries, each ${n.items ? allowedText(n.items) : 'any value'}`;
    }
    case 'object': {
      const required = n.required ?? [];
      return required.length === 0 ? 'an object { ... }' : `an object with ${listText(required.map((k) => quote(k)))}`;
    }
    default: return n.description ?? 'a valid value';
  }
}

function numberText(noun: string, n: SchemaNode): string {
  const lo = n.minimum !== undefined ? `at least ${n.minimum}` : n.exclusiveMinimum !== undefined ? `greater than ${n.exclusiveMinimum}` : '';
  const hi = n.maximum !== undefined ? `at most ${n.maximum}` : n.exclusiveMaximum !== undefined ? `less than ${n.exclusiveMaximum}` : '';
  if (n.minimum !== undefined && n.maximum !== undefined) return `${noun} from ${n.minimum} to ${n.maximum}`;
  return [noun, [lo, hi].filter(Boolean).join(' and ')].filter(Boolean).join(' ');
}

/** "a", "a and b", "a, b and c". */
function listText(items: readonly string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
