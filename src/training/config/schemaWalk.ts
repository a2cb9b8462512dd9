/**
 * Finding the part of schemas/gradlab.schema.json that applies to a place in a config, the way a
 * reader would: follow $refs, and at each oneOf pick the branch the value was meant for (by its
 * discriminator tag, else by its JSON type and the keys it has). Error messages are built from that
 * node, so they can state everything that is allowed there, not only the one rule that failed.
 */
import { msg, type MessageArg } from './problems';

/** The JSON Schema subset the config schema uses. */
export interface SchemaNode {
  readonly $ref?: string;
  readonly type?: string | readonly string[];
  readonly enum?: readonly unknown[];
  readonly const?: unknown;
  readonly oneOf?: readonly SchemaNode[];
  readonly discriminator?: { readonly propertyName: string };
  readonly properties?: Readonly<Record<string, SchemaNode>>;
  readonly required?: readonly string[];
  readonly additionalProperties?: boolean;
  readonly items?: SchemaNode;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: number;
  readonly exclusiveMaximum?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly description?: string;
  readonly default?: unknown;
  readonly definitions?: Readonly<Record<string, SchemaNode>>;
}

/** A schema node and its JSON pointer in the schema file (what ajv resolves `gradlab#<pointer>` to). */
export interface Located {
  readonly node: SchemaNode;
  readonly pointer: string;
}

export type Segment = string | number;

function escapePointer(s: string): string {
  return s.replace(/~/g, '~0').replace(/\//g, '~1');
}

export function deref(root: SchemaNode, at: Located): Located {
  let current = at;
  for (let hops = 0; current.node.$ref !== undefined && hops < 16; hops++) {
    const ref = current.node.$ref;
    const match = /^#\/definitions\/([^/]+)$/.exec(ref);
    const target = match ? root.definitions?.[match[1]] : undefined;
    if (!match || !target) throw new Error(`schema: unsupported $ref ${ref}`);
    current = { node: target, pointer: `/definitions/${escapePointer(match[1])}` };
  }
  return current;
}

/** The JSON type of a value, as JSON Schema names it. */
export function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/** Whether a branch is about values of this JSON type at all (ignoring its other rules). */
function acceptsType(root: SchemaNode, branch: Located, value: unknown): boolean {
  const { node } = deref(root, branch);
  const t = jsonType(value);
  const fits = (type: string) => type === t || (type === 'number' && t === 'integer');
  if (node.type !== undefined) return (Array.isArray(node.type) ? node.type : [node.type as string]).some(fits);
  if ('const' in node) return fits(jsonType(node.const));
  if (node.enum) return node.enum.some((v) => fits(jsonType(v)));
  return true;
}

/**
 * The oneOf branch meant for `value`: by discriminator tag when the schema has one; else among the
 * branches of the value's type, the one whose required keys the value has (an object with
 * "expression" is an expression, one with "name" a named activation). Undefined when none fits.
 */
export function selectBranch(root: SchemaNode, at: Located, value: unknown): Located | undefined {
  const branches = (at.node.oneOf ?? []).map((node, i) => ({ node, pointer: `${at.pointer}/oneOf/${i}` }));
  const tag = at.node.discriminator?.propertyName;
  if (tag !== undefined) {
    const tagValue = isObject(value) ? value[tag] : undefined;
    return branches.find((b) => deref(root, b).node.properties?.[tag]?.const === tagValue);
  }
  const typed = branches.filter((b) => acceptsType(root, b, value));
  if (typed.length <= 1 || !isObject(value)) return typed[0];
  const score = (b: Located) => {
    const required = deref(root, b).node.required ?? [];
    const present = required.filter((k) => k in value).length;
    return present === required.length ? 1000 + present : present;
  };
  return typed.reduce((best, b) => (score(b) > score(best) ? b : best));
}

/** The schema that applies to `value` itself: refs followed and, for a oneOf, its branch. */
export function resolve(root: SchemaNode, at: Located, value: unknown): Located {
  const direct = deref(root, at);
  if (!direct.node.oneOf) return direct;
  const branch = selectBranch(root, direct, value);
  return branch ? deref(root, branch) : direct;
}

/** Walks `segments` down from `start` through `value`; undefined where the schema has no such place. */
export function locate(root: SchemaNode, start: Located, value: unknown, segments: readonly Segment[]): Located | undefined {
  let at = deref(root, start);
  let current: unknown = value;
  for (const segment of segments) {
    const resolved = resolve(root, at, current);
    if (typeof segment === 'number' || Array.isArray(current)) {
      if (!resolved.node.items) return undefined;
      at = deref(root, { node: resolved.node.items, pointer: `${resolved.pointer}/items` });
      current = Array.isArray(current) ? current[Number(segment)] : undefined;
    } else {
      const child = resolved.node.properties?.[segment];
      if (!child) return undefined;
      at = deref(root, { node: child, pointer: `${resolved.pointer}/properties/${escapePointer(segment)}` });
      current = isObject(current) ? current[segment] : undefined;
    }
  }
  return at;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** "/model/layers/2" -> ["model", "layers", 2] (ajv's instancePath is a JSON pointer). */
export function parsePointer(pointer: string, value: unknown): Segment[] {
  if (pointer === '') return [];
  const out: Segment[] = [];
  let current: unknown = value;
  for (const raw of pointer.slice(1).split('/')) {
    const s = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    const seg: Segment = Array.isArray(current) && /^\d+$/.test(s) ? Number(s) : s;
    out.push(seg);
    current = Array.isArray(current) ? current[seg as number] : isObject(current) ? current[s] : undefined;
  }
  return out;
}

/** "model.layers[2]" for messages. */
export function describePath(segments: readonly Segment[]): MessageArg {
  let s = '';
  for (const seg of segments) s += typeof seg === 'number' ? `[${seg}]` : s === '' ? seg : `.${seg}`;
  return s === '' ? msg('the config') : s;
}
