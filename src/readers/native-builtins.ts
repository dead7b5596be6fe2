// pdf.js's legacy build (the one that runs on Node 20) bundles core-js, which on this V8 *replaces*
// some native built-ins process-wide with JavaScript versions to fix spec corner cases nobody here
// relies on: Array.prototype.push (V8 does not throw on a push to an array whose length was made
// read-only), JSON.parse (for the reviver-with-source proposal) and Function.prototype.toString.
// The JS push alone costs ~10% of a whole extraction, in every module of the process, not just in
// pdf.js. Additions (Promise.withResolvers, Set methods, Uint8Array.toHex…) are left in place:
// pdf.js needs them and nothing native is shadowed by them.

type Slot = readonly [holder: object, key: PropertyKey];

const SLOTS: Slot[] = [
  [Array.prototype, 'push'],
  [JSON, 'parse'],
  [Function.prototype, 'toString'],
];

export type NativeBuiltins = { slot: Slot; descriptor: PropertyDescriptor }[];

/** The current (native, if nothing replaced them yet) descriptors of the slots core-js overrides. */
export function captureNativeBuiltins(): NativeBuiltins {
  return SLOTS.flatMap((slot) => {
    const descriptor = Object.getOwnPropertyDescriptor(slot[0], slot[1]);
    return descriptor ? [{ slot, descriptor }] : [];
  });
}

/** Puts the captured built-ins back wherever something replaced them; returns how many were. */
export function restoreNativeBuiltins(saved: NativeBuiltins): number {
  let restored = 0;
  for (const { slot, descriptor } of saved) {
    const now = Object.getOwnPropertyDescriptor(slot[0], slot[1]);
    if (now?.value === descriptor.value && now?.get === descriptor.get && now?.set === descriptor.set) continue;
    Object.defineProperty(slot[0], slot[1], descriptor);
    restored++;
  }
  return restored;
}
