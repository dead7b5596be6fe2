// Letters OCR reads where a digit was printed in the serif faces of these forms, and the digit:
// the part row codes (codes.ts) and values (reread.ts) share; each adds the marks of its own cells.
export const DIGIT_STAND_INS: Readonly<Record<string, string>> = {
  S: '5',
  s: '5',
  O: '0',
  o: '0',
  D: '0',
  I: '1',
  l: '1',
  '|': '1',
  i: '1',
  Ì: '1',
  Í: '1',
  B: '8',
  G: '6',
  Z: '2',
  z: '2',
  g: '9',
  q: '9',
};
