// What every route module gets: the store, the page renderer and the signed-in user's helpers.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../store/db.js';
import type { UserRow } from '../store/web-queries.js';

export interface SessionUser {
  id: number;
  name: string;
  role: UserRow['role'];
}

declare module 'fastify' {
  interface FastifyRequest {
    user: SessionUser | null;
  }
}

export interface WebContext {
  db: Db;
  /** Renders views/<name>.eta inside the layout and sends it (status 200 unless given). */
  page(req: FastifyRequest, reply: FastifyReply, name: string, data: Record<string, unknown>, status?: number): FastifyReply;
  /** Whether Bull Board is mounted (REDIS_URL set). */
  queuesBoard: boolean;
}

export function currentUser(req: FastifyRequest): SessionUser {
  if (!req.user) throw new Error('route reached without a session (auth hook missing)');
  return req.user;
}

/** A single form/query field as a string ("" when absent or repeated). */
export function field(obj: unknown, key: string): string {
  if (!obj || typeof obj !== 'object') return '';
  const v = (obj as Record<string, unknown>)[key];
  return typeof v === 'string' ? v : '';
}

/** A form field that may repeat (checkboxes), as a list of strings. */
export function fields(obj: unknown, key: string): string[] {
  if (!obj || typeof obj !== 'object') return [];
  const v = (obj as Record<string, unknown>)[key];
  if (typeof v === 'string') return [v];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/** Fixed notices shown after a redirect (a code in the URL, never free text an outsider could plant). */
export const NOTICES: Record<string, string> = {
  confirm: 'Đã xác nhận giá trị; xung đột đã được xử lý.',
  suggestion: 'Đã áp dụng gợi ý; xung đột đã được xử lý.',
  correct: 'Đã lưu giá trị sửa; xung đột đã được xử lý.',
  keep: 'Đã ghi nhận giữ nguyên như bản in.',
  revert: 'Đã hoàn tác (ghi thêm một dòng vào lịch sử).',
  empty: 'Không còn xung đột nào chưa xử lý trong bộ lọc này.',
  user: 'Đã lưu người dùng.',
};
