/** Finding keys and values in a jsonc-parser tree by path, consistently with getNodeValue. */
import type { Node } from 'jsonc-parser';
import type { Segment } from './schemaWalk';

/** Each object's properties by key, built on first lookup: a problem per key must not rescan the object. */
const propertyIndex = new WeakMap<Node, Map<string, Node>>();

/** The property node for `key` in an object node; the last one wins, as in getNodeValue. */
function propertyOf(object: Node, key: string): Node | undefined {
  let index = propertyIndex.get(object);
  if (!index) {
    index = new Map();
    for (const property of object.children ?? []) {
      const name = property.children?.[0]?.value;
      if (typeof name === 'string') index.set(name, property);
    }
    propertyIndex.set(object, index);
  }
  return index.get(key);
}

/** The value node at `segments`, or undefined when the path does not exist. */
export function nodeAt(root: Node, segments: readonly Segment[]): Node | undefined {
  let node: Node | undefined = root;
  for (const seg of segments) {
    if (node === undefined) return undefined;
    if (node.type === 'object' && typeof seg === 'string') node = propertyOf(node, seg)?.children?.[1];
    else if (node.type === 'array' && typeof seg === 'number') node = node.children?.[seg];
    else return undefined;
  }
  return node;
}

/** The key node of the property at `segments` (its last segment must be a key). */
export function keyAt(root: Node, segments: readonly Segment[]): Node | undefined {
  const last = segments[segments.length - 1];
  if (typeof last !== 'string') return undefined;
  const parent = nodeAt(root, segments.slice(0, -1));
  return parent?.type === 'object' ? propertyOf(parent, last)?.children?.[0] : undefined;
}

export interface Span {
  readonly start: number;
  readonly end: number;
}

export function spanOf(node: Node): Span {
  return { start: node.offset, end: node.offset + node.length };
}

/**
 * Where to point for a problem with the whole object at `segments` (a missing key): at its key, so
 * the squiggle is short and visible; for the root object, at its opening brace.
 */
export function objectAnchor(root: Node, segments: readonly Segment[]): Span {
  const key = segments.length > 0 ? keyAt(root, segments) : undefined;
  if (key) return spanOf(key);
  const node = nodeAt(root, segments) ?? root;
  return { start: node.offset, end: node.offset + 1 };
}
