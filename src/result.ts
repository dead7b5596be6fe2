// Every step returns its value *with* its warnings (after mammoth's Result(value, messages)),
// so nothing is thrown or logged half-way through a pipeline.
import type { Message } from '../schemas/document.js';

export interface Result<T> {
  value: T;
  messages: Message[];
}

export function result<T>(value: T, messages: Message[] = []): Result<T> {
  return { value, messages };
}

export function warning(code: string, message: string, prov?: Message['prov']): Message {
  return prov ? { type: 'warning', code, message, prov } : { type: 'warning', code, message };
}

export function info(code: string, message: string, prov?: Message['prov']): Message {
  return prov ? { type: 'info', code, message, prov } : { type: 'info', code, message };
}
