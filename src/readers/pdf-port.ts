// The message port between pdf.js's API side and its worker side when both run in this thread.
// pdf.js's own in-thread port (LoopbackPort, its "fake worker") passes every message through
// structuredClone: V8 serialises each operator-list chunk — thousands of small arrays and glyph
// objects per page — into bytes and parses them back, a tenth of the reader's time. This port
// makes the same copy in plain JavaScript for the shapes pdf.js sends (ordinary objects, arrays,
// typed arrays) and hands anything else to structuredClone, so the receiver gets what it got before.

type Listener = (event: { data: unknown }) => void;

const toStringTag = Object.prototype.toString;

/**
 * A copy of `value` as structuredClone would make it, for messages between the two sides of
 * pdf.js. Arrays and ordinary objects — plain ones, and class instances such as pdf.js's glyphs
 * (thousands per page), which structuredClone turns into plain objects of their own enumerable
 * properties — are copied here, keeping shared references and cycles (via `seen`); a typed array
 * is copied, or handed over without copying when its buffer is in `transfer`, as a transfer
 * would. Everything else (errors, maps, dates, buffers, DataViews, and the functions and symbols
 * structuredClone refuses) goes to structuredClone itself.
 */
export function cloneMessage(value: unknown, transfer: readonly unknown[] = [], seen = new Map<object, unknown>()): unknown {
  if (typeof value !== 'object' || value === null) {
    // structuredClone throws its DataCloneError for these.
    if (typeof value === 'function' || typeof value === 'symbol') return structuredClone(value);
    return value;
  }
  const known = seen.get(value);
  if (known !== undefined) return known;
  if (Array.isArray(value)) {
    const out: unknown[] = new Array(value.length);
    seen.set(value, out);
    for (let i = 0; i < value.length; i++) out[i] = cloneMessage(value[i], transfer, seen);
    return out;
  }
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    const typed = value as unknown as TypedArray;
    const Ctor = typed.constructor as TypedArrayConstructor;
    const out = transfer.includes(typed.buffer) ? new Ctor(typed.buffer, typed.byteOffset, typed.length) : typed.slice();
    seen.set(value, out);
    return out;
  }
  // "[object Object]": an ordinary object (no Map, Date, Error, boxed primitive, promise …).
  if (toStringTag.call(value) === '[object Object]') {
    const out: Record<string, unknown> = {};
    seen.set(value, out);
    for (const key of Object.keys(value)) out[key] = cloneMessage((value as Record<string, unknown>)[key], transfer, seen);
    return out;
  }
  const out: unknown = structuredClone(value);
  seen.set(value, out);
  return out;
}

interface TypedArray {
  readonly buffer: ArrayBufferLike;
  readonly byteOffset: number;
  readonly length: number;
  slice(): TypedArray;
}
type TypedArrayConstructor = new (buffer: ArrayBufferLike, byteOffset: number, length: number) => TypedArray;

/**
 * The port both sides of pdf.js share (a MessagePort look-alike, like pdf.js's LoopbackPort): a
 * message is copied when it is posted and handed to every listener on a later microtask, in the
 * order posted. A listener added with an AbortSignal goes when the signal aborts (pdf.js's
 * MessageHandler removes itself that way when it is destroyed).
 */
export class InThreadPort {
  private readonly listeners = new Map<Listener, (() => void) | null>();

  postMessage(message: unknown, transfer?: readonly unknown[] | null): void {
    const event = { data: cloneMessage(message, transfer ?? []) };
    void Promise.resolve().then(() => {
      for (const listener of this.listeners.keys()) listener.call(this, event);
    });
  }

  addEventListener(_type: string, listener: Listener, options?: { signal?: AbortSignal } | null): void {
    const signal = options?.signal;
    if (signal?.aborted) return;
    let detach: (() => void) | null = null;
    if (signal) {
      const onAbort = () => this.removeEventListener(_type, listener);
      signal.addEventListener('abort', onAbort, { once: true });
      detach = () => signal.removeEventListener('abort', onAbort);
    }
    this.listeners.set(listener, detach);
  }

  removeEventListener(_type: string, listener: Listener): void {
    this.listeners.get(listener)?.();
    this.listeners.delete(listener);
  }

  /** Listeners attached now: pdf.js adds two per open document and removes them when it is destroyed. */
  get listenerCount(): number {
    return this.listeners.size;
  }

  terminate(): void {
    for (const detach of this.listeners.values()) detach?.();
    this.listeners.clear();
  }
}
