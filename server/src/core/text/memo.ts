/**
 * The engine's only state: values derived once and kept for reuse. Every cache in core/ is made
 * here, so that one rule covers them all:
 *
 * - `derivedPer` keys a value by an object the engine made and never changes afterwards (a
 *   parsed sidecar, its lists of entities or entries, a language profile, an analysis). The
 *   value is a pure function of its key, so it cannot go stale; it is held weakly, so it goes
 *   when the caller lets the key go; and a caller can tell it exists only by speed.
 * - `derivedOnce` builds a constant (a lookup table over all code units) on first use, so that
 *   a program that never needs it never pays for it.
 */

/** `derive(key)`, computed once per key object and kept while the key lives. */
export function derivedPer<K extends object, V>(derive: (key: K) => V): (key: K) => V {
  const values = new WeakMap<K, V>();
  return (key) => {
    let value = values.get(key);
    if (value === undefined && !values.has(key)) {
      value = derive(key);
      values.set(key, value);
    }
    return value as V;
  };
}

/** `build()`, computed on the first call and returned by every later one. */
export function derivedOnce<V>(build: () => V): () => V {
  let built = false;
  let value: V | undefined;
  return () => {
    if (!built) {
      value = build();
      built = true;
    }
    return value as V;
  };
}

/**
 * `derive(first, second)`, computed once per pair of key objects and kept while both live: for
 * values that depend on two things the engine made (a parsed sidecar and the registries above it).
 */
export function derivedPerPair<A extends object, B extends object, V>(
  derive: (first: A, second: B) => V,
): (first: A, second: B) => V {
  const values = new WeakMap<A, WeakMap<B, V>>();
  return (first, second) => {
    let inner = values.get(first);
    if (!inner) {
      inner = new WeakMap();
      values.set(first, inner);
    }
    let value = inner.get(second);
    if (value === undefined && !inner.has(second)) {
      value = derive(first, second);
      inner.set(second, value);
    }
    return value as V;
  };
}
