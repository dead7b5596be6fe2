// An unexpected exception becomes one line a user can act on: a zod error (multi-line JSON whose
// first line is "[") names the field that failed, in the process that threw it and after its
// message crossed a parser process as text.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { errorLine } from '../src/errors.js';

const Cell = z.object({ provenance: z.object({ bbox: z.tuple([z.number(), z.number(), z.number(), z.number()]) }) });

function zodErrorOf(value: unknown): Error {
  const r = Cell.safeParse(value);
  if (r.success) throw new Error('expected a schema failure');
  return r.error;
}

describe('errorLine', () => {
  it('names the failing field of a zod error', () => {
    const e = zodErrorOf({ provenance: { bbox: [Number.NaN, 10, 20, 30] } });
    expect(e.message.split('\n')[0]).toBe('[');
    const line = errorLine(e);
    expect(line).toMatch(/^record failed its schema at provenance\.bbox\.0: /);
    expect(line).not.toContain('\n');
  });

  it('reads the same from the message text alone (as a parser process sends it back)', () => {
    const e = zodErrorOf({ provenance: { bbox: ['259', null, 20, 30] } });
    const line = errorLine(new Error(e.message));
    expect(line).toMatch(/^record failed its schema at provenance\.bbox\.0: .+ \(and 1 more\)$/);
  });

  it('keeps the first line of any other error, and says something for an empty one', () => {
    expect(errorLine(new Error('Không đọc được bảng\nchi tiết'))).toBe('Không đọc được bảng');
    expect(errorLine(new Error('[object broken'))).toBe('[object broken');
    expect(errorLine(new Error(''))).toBe('unknown error');
    expect(errorLine('chuỗi lỗi')).toBe('chuỗi lỗi');
  });
});
