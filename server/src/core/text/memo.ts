/**
 * The engine's only state: values derived once and kept for reuse. Every cache in core/ is made
 * here, so that one rule covers them all:
 *
 * - `derivedPer` keys a value by an object the engine made and never changes afterwards (a
 *   parsed sidecar, its lists of entities or entries, a language profile, an analysis). The
 *   value is a pure function of its key, so it cannot go stale; it is held weakly, so it goes
 *   when the caller lets the key go; and a caller can tell it exists only by speed.
 * - `derivedPerLikeness` is `derivedPer` for values that read only part of their key: keys
 *   that are alike in all that the value reads share one value, so that a key made anew that
 *   differs only in what the value does not read (a registry parsed again after a description
 *   changed) gets the value made for the one before, while that one lives.
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

/**
 * `derive(key)`, computed once per class of keys that `same` says are alike: a key alike to one
 * of the last `kept` keys asked about that are still alive gets that key's value. `same` must
 * compare everything `derive` reads of the keys, and the value must keep nothing else of its
 * key, so that it is a pure function of what `same` compares. The keys are remembered weakly,
 * as with `derivedPer`: a value goes when no key of its class is left.
 */
export function derivedPerLikeness<K extends object, V>(
  same: (a: K, b: K) => boolean,
  derive: (key: K) => V,
  kept = 2,
): (key: K) => V {
  const values = new WeakMap<K, V>();
  // The keys that got a value last, most recent first; a few, tried in turn.
  let recent: WeakRef<K>[] = [];
  return (key) => {
    if (values.has(key)) return values.get(key) as V;
    let alike: K | undefined;
    for (const ref of recent) {
      const other = ref.deref();
      if (other !== undefined && same(other, key)) {
        alike = other;
        break;
      }
    }
    const value = alike !== undefined ? (values.get(alike) as V) : derive(key);
    values.set(key, value);
    recent = [new WeakRef(key), ...recent.filter((ref) => ref.deref() !== undefined && ref.deref() !== alike)];
    recent.length = Math.min(recent.length, kept);
    return value;
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
