// Partial updates of a view state: the host sends only the top-level fields that changed, the
// webview merges them into what it shows. Fields compare by their JSON, as they travel.

/** The fields of `next` that differ from `previous`, or null when none does. */
export function changedFields<T extends object>(previous: T, next: T): Partial<T> | null {
  const patch: Partial<T> = {};
  let changed = false;
  for (const key of Object.keys(next) as (keyof T & string)[]) {
    if (JSON.stringify(previous[key]) === JSON.stringify(next[key])) continue;
    patch[key] = next[key];
    changed = true;
  }
  return changed ? patch : null;
}

/** The state after a patch: the patch's fields replace the state's. */
export function applyPatch<T extends object>(state: T, patch: Partial<T>): T {
  return { ...state, ...patch };
}
