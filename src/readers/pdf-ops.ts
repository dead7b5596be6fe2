// Positioned text from a page's operator list, the way pdf.js's getTextContent() builds it.
//
// Why not just call getTextContent()? The reader needs the operator list anyway (ruling lines and
// real font names), and asking pdf.js for both makes its worker parse every content stream twice
// and clone both results across its message port: about half the reader's CPU time. The operator
// list already holds every glyph with its Unicode value and advance width, and the text-state
// operators that place it, so this module replays those operators with pdf.js's own item-building
// rules (same thresholds, same fake spaces, same whitespace items). A test checks the result
// against getTextContent() on real PDFs, item by item.
//
// Pure: no pdf.js import; the caller passes the OPS table, a font lookup and pdf.js's own
// Unicode normaliser.

type Matrix = number[];

/** The few properties of a pdf.js font object this replay needs. */
export interface OpsFont {
  fontMatrix?: ArrayLike<number> | undefined;
  vertical?: boolean | undefined;
  isType3Font?: boolean | undefined;
}

/** A glyph as pdf.js puts it in a showText operator's arguments. */
interface OpsGlyph {
  unicode: string;
  width: number;
  originalCharCode?: number;
  vmetric?: ArrayLike<number> | null;
}

/** One item as getTextContent() returns it (direction and end-of-line markers left out). */
export interface OpsTextItem {
  str: string;
  /** Text rendering matrix at the item's start, in PDF user space. */
  transform: Matrix;
  width: number;
  height: number;
  /** pdf.js's loaded font id ("g_d0_f1"). */
  fontName: string;
}

export interface OperatorListLike {
  fnArray: ArrayLike<number>;
  argsArray: ArrayLike<unknown>;
}

export interface OpsCodes {
  save: number;
  restore: number;
  transform: number;
  paintFormXObjectBegin: number;
  paintFormXObjectEnd: number;
  beginText: number;
  setFont: number;
  setGState: number;
  setTextRise: number;
  setHScale: number;
  setLeading: number;
  moveText: number;
  setLeadingMoveText: number;
  nextLine: number;
  setTextMatrix: number;
  setCharSpacing: number;
  setWordSpacing: number;
  showText: number;
  showSpacedText: number;
  nextLineShowText: number;
  nextLineSetSpacingShowText: number;
}

// pdf.js's own factors (src/core/evaluator.js, getTextContent), in units of the font size.
const TRACKING_SPACE_FACTOR = 0.102;
const NOT_A_SPACE_FACTOR = 0.03;
const NEGATIVE_SPACE_FACTOR = -0.2;
const SPACE_IN_FLOW_MIN_FACTOR = 0.102;
const SPACE_IN_FLOW_MAX_FACTOR = 0.6;
const VERTICAL_SHIFT_RATIO = 0.25;
const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];
const FONT_IDENTITY: Matrix = [0.001, 0, 0, 0.001, 0, 0];

function transform(m1: Matrix, m2: Matrix): Matrix {
  return [
    m1[0]! * m2[0]! + m1[2]! * m2[1]!,
    m1[1]! * m2[0]! + m1[3]! * m2[1]!,
    m1[0]! * m2[2]! + m1[2]! * m2[3]!,
    m1[1]! * m2[2]! + m1[3]! * m2[3]!,
    m1[0]! * m2[4]! + m1[2]! * m2[5]! + m1[4]!,
    m1[1]! * m2[4]! + m1[3]! * m2[5]! + m1[5]!,
  ];
}

// pdf.js's glyph categories (getCharUnicodeCategory), cached per character as it does.
const SPECIAL_CHAR = /^(\s)|(\p{Mn})|(\p{Cf})$/u;
const WHITESPACE = 1;
const ZERO_WIDTH_DIACRITIC = 2;
const INVISIBLE_FORMAT_MARK = 4;
const categories = new Map<string, number>();
function categoryOf(ch: string): number {
  let c = categories.get(ch);
  if (c === undefined) {
    const m = SPECIAL_CHAR.exec(ch);
    c = (m?.[1] ? WHITESPACE : 0) | (m?.[2] ? ZERO_WIDTH_DIACRITIC : 0) | (m?.[3] ? INVISIBLE_FORMAT_MARK : 0);
    // Glyph text is a character or a short ligature: the cache stays small.
    if (categories.size < 10_000) categories.set(ch, c);
  }
  return c;
}

interface TextState {
  ctm: Matrix;
  textMatrix: Matrix;
  textLineMatrix: Matrix;
  fontName: string;
  font: OpsFont | undefined;
  fontSize: number;
  fontMatrix: Matrix;
  textHScale: number;
  charSpacing: number;
  wordSpacing: number;
  leading: number;
  textRise: number;
}

function cloneState(s: TextState): TextState {
  return { ...s, ctm: s.ctm.slice(), textMatrix: s.textMatrix.slice(), textLineMatrix: s.textLineMatrix.slice() };
}

function translate(m: Matrix, x: number, y: number): void {
  m[4] = m[0]! * x + m[2]! * y + m[4]!;
  m[5] = m[1]! * x + m[3]! * y + m[5]!;
}

function toMatrix(a: unknown): Matrix | undefined {
  if (!a || typeof a !== 'object' || typeof (a as ArrayLike<number>).length !== 'number') return undefined;
  const m = Array.from(a as ArrayLike<number>);
  return m.length === 6 && m.every(Number.isFinite) ? m : undefined;
}

/**
 * Replays a page's operator list into text items. `viewBox` is the page's view rectangle
 * (glyphs outside it are dropped, as pdf.js does); `normalize` is pdf.js's normalizeUnicode.
 * Vertical (CJK top-to-bottom) writing is skipped: the layout reads horizontal text only.
 */
export function textItemsFromOps(
  ops: OperatorListLike,
  OPS: OpsCodes,
  fontOf: (id: string) => OpsFont | undefined,
  viewBox: ArrayLike<number>,
  normalize: (s: string) => string = (s) => s,
): OpsTextItem[] {
  const items: OpsTextItem[] = [];
  let state: TextState = {
    ctm: IDENTITY.slice(),
    textMatrix: IDENTITY.slice(),
    textLineMatrix: IDENTITY.slice(),
    fontName: '',
    font: undefined,
    fontSize: 0,
    fontMatrix: FONT_IDENTITY,
    textHScale: 1,
    charSpacing: 0,
    wordSpacing: 0,
    leading: 0,
    textRise: 0,
  };
  const stack: TextState[] = [];

  // The item being built (pdf.js's textContentItem).
  let open = false;
  let str: string[] = [];
  let itemTransform: Matrix = IDENTITY;
  let itemFont = '';
  let width = 0;
  let totalWidth = 0;
  let height = 0;
  let advanceScale = 1;
  let prevTransform: Matrix | null = null; // lastTransform once a glyph has been shown
  let trackingSpaceMin = Infinity;
  let notASpace = -Infinity;
  let negativeSpaceMax = -Infinity;
  let spaceInFlowMin = 0;
  let spaceInFlowMax = 0;
  const lastChars = [' ', ' '];
  let lastCharsPos = 0;

  const saveLastChar = (ch: string): boolean => {
    const next = (lastCharsPos + 1) % 2;
    const ret = lastChars[lastCharsPos] !== ' ' && lastChars[next] === ' ';
    lastChars[lastCharsPos] = ch;
    lastCharsPos = next;
    return ret;
  };
  const shouldAddWhitespace = () => lastChars[lastCharsPos] !== ' ' && lastChars[(lastCharsPos + 1) % 2] === ' ';
  const resetLastChars = () => {
    lastChars[0] = lastChars[1] = ' ';
    lastCharsPos = 0;
  };

  /** out = ctm × textMatrix × [size·hscale 0 0 size 0 rise]; in place, as it runs per glyph. */
  const textTransformInto = (out: Matrix): Matrix => {
    const c = state.ctm;
    const t = state.textMatrix;
    const sx = state.fontSize * state.textHScale;
    const sy = state.fontSize;
    const rise = state.textRise;
    const a = t[0]! * sx;
    const b = t[1]! * sx;
    const cc = t[2]! * sy;
    const d = t[3]! * sy;
    const e = t[2]! * rise + t[4]!;
    const f = t[3]! * rise + t[5]!;
    out[0] = c[0]! * a + c[2]! * b;
    out[1] = c[1]! * a + c[3]! * b;
    out[2] = c[0]! * cc + c[2]! * d;
    out[3] = c[1]! * cc + c[3]! * d;
    out[4] = c[0]! * e + c[2]! * f + c[4]!;
    out[5] = c[1]! * e + c[3]! * f + c[5]!;
    return out;
  };
  const currentTextTransform = (): Matrix => textTransformInto([0, 0, 0, 0, 0, 0]);
  const scratch: Matrix = [0, 0, 0, 0, 0, 0];
  // The transform after the last glyph shown, updated in place; copied wherever it is kept.
  const lastTransform: Matrix = [0, 0, 0, 0, 0, 0];

  const ensureItem = () => {
    if (open) return;
    itemFont = state.fontName;
    const trm = (itemTransform = currentTextTransform());
    width = totalWidth = 0;
    height = Math.hypot(trm[2]!, trm[3]!);
    advanceScale = Math.hypot(state.ctm[0]!, state.ctm[1]!) * Math.hypot(state.textLineMatrix[0]!, state.textLineMatrix[1]!);
    const size = state.fontSize;
    trackingSpaceMin = size * TRACKING_SPACE_FACTOR;
    notASpace = size * NOT_A_SPACE_FACTOR;
    negativeSpaceMax = size * NEGATIVE_SPACE_FACTOR;
    spaceInFlowMin = size * SPACE_IN_FLOW_MIN_FACTOR;
    spaceInFlowMax = size * SPACE_IN_FLOW_MAX_FACTOR;
    open = true;
  };

  const flush = () => {
    if (!open) return;
    totalWidth += width * advanceScale;
    items.push({ str: normalize(str.join('')), transform: itemTransform, width: Math.abs(totalWidth), height: Math.abs(height), fontName: itemFont });
    open = false;
    str = [];
  };

  const pushWhitespace = (w: number) => {
    items.push({ str: ' ', transform: prevTransform ? prevTransform.slice() : IDENTITY.slice(), width: w, height: 0, fontName: itemFont });
  };

  const updateAdvanceScale = () => {
    if (!open) return;
    const scale = Math.hypot(state.ctm[0]!, state.ctm[1]!) * Math.hypot(state.textLineMatrix[0]!, state.textLineMatrix[1]!);
    if (scale === advanceScale) return;
    totalWidth += width * advanceScale;
    width = 0;
    advanceScale = scale;
  };

  /** pdf.js's compareWithLastPosition for horizontal text: false drops the glyph (off the page). */
  const compareWithLastPosition = (glyphWidth: number): boolean => {
    const current = textTransformInto(scratch);
    let posX = current[4]!;
    let posY = current[5]!;
    if (posX + glyphWidth < viewBox[0]! || posX > viewBox[2]! || posY < viewBox[1]! || posY > viewBox[3]!) return false;
    if (!state.font || !prevTransform) return true;
    let lastX = prevTransform[4]!;
    let lastY = prevTransform[5]!;
    if (lastX === posX && lastY === posY) return true;
    let rotate = -1;
    if (current[0] && current[1] === 0 && current[2] === 0) rotate = current[0] > 0 ? 0 : 180;
    else if (current[1] && current[0] === 0 && current[3] === 0) rotate = current[1] > 0 ? 90 : 270;
    switch (rotate) {
      case 0:
        break;
      case 90:
        [posX, posY] = [posY, posX];
        [lastX, lastY] = [lastY, lastX];
        break;
      case 180:
        [posX, posY, lastX, lastY] = [-posX, -posY, -lastX, -lastY];
        break;
      case 270:
        [posX, posY] = [-posY, -posX];
        [lastX, lastY] = [-lastY, -lastX];
        break;
      default: {
        const inv = (x: number, y: number, m: Matrix): [number, number] => {
          const s = Math.hypot(m[0]!, m[1]!);
          return [(m[0]! * x + m[1]! * y) / s, (m[2]! * x + m[3]! * y) / s];
        };
        [posX, posY] = inv(posX, posY, current);
        [lastX, lastY] = inv(lastX, lastY, prevTransform);
      }
    }
    const advanceX = (posX - lastX) / advanceScale;
    const advanceY = posY - lastY;
    const orientation = Math.sign(width);
    if (advanceX < orientation * negativeSpaceMax) {
      if (Math.abs(advanceY) > 0.5 * height) {
        appendEOL();
        return true;
      }
      resetLastChars();
      flush();
      return true;
    }
    if (Math.abs(advanceY) > height) {
      appendEOL();
      return true;
    }
    if (advanceX <= orientation * notASpace) resetLastChars();
    if (advanceX <= orientation * trackingSpaceMin) {
      if (shouldAddWhitespace()) {
        resetLastChars();
        flush();
        pushWhitespace(Math.abs(advanceX));
      } else {
        width += advanceX;
      }
    } else if (!addFakeSpaces(advanceX, orientation)) {
      if (!open || str.length === 0) {
        resetLastChars();
        pushWhitespace(Math.abs(advanceX));
      } else {
        width += advanceX;
      }
    }
    if (Math.abs(advanceY) > height * VERTICAL_SHIFT_RATIO) flush();
    return true;
  };

  const appendEOL = () => {
    resetLastChars();
    // pdf.js also emits an empty end-of-line marker item when none is open; empty items carry
    // nothing the layout reads, so they are not produced.
    flush();
  };

  const addFakeSpaces = (w: number, orientation: number): boolean => {
    if (orientation * spaceInFlowMin <= w && w <= orientation * spaceInFlowMax) {
      if (open) {
        resetLastChars();
        str.push(' ');
      }
      return false;
    }
    flush();
    resetLastChars();
    pushWhitespace(Math.abs(w));
    return true;
  };

  const advance = (dx: number) => translate(state.textMatrix, dx * state.textHScale, 0);

  const showGlyphs = (glyphs: ArrayLike<unknown>) => {
    const font = state.font;
    if (!font || font.vertical) return;
    const scale = state.fontMatrix[0]! * state.fontSize;
    const spaceFactor = -state.fontSize / 1000;
    // pdf.js applies a TJ adjustment as extra spacing after the last glyph before it; when no
    // glyph came since the previous adjustment it moves by the character spacing too (its
    // "empty string" case), so track that to land on the same positions.
    let glyphSinceAdjustment = false;
    for (let i = 0; i < glyphs.length; i++) {
      const g = glyphs[i];
      if (typeof g === 'number') {
        if (g !== 0) {
          advance(g * spaceFactor + (glyphSinceAdjustment ? 0 : state.charSpacing));
          glyphSinceAdjustment = false;
        }
        continue;
      }
      if (!g || typeof g !== 'object') continue;
      glyphSinceAdjustment = true;
      const glyph = g as OpsGlyph;
      const ch = glyph.unicode ?? '';
      const category = categoryOf(ch);
      if (category & INVISIBLE_FORMAT_MARK) continue;
      let charSpacing = state.charSpacing;
      let scaledDim = glyph.width * scale;
      if (glyph.originalCharCode === 0x20) charSpacing += state.wordSpacing;
      if (category & WHITESPACE) {
        advance(charSpacing + scaledDim);
        saveLastChar(' ');
        continue;
      }
      const diacritic = (category & ZERO_WIDTH_DIACRITIC) !== 0;
      if (!diacritic && !compareWithLastPosition(scaledDim)) {
        advance(scaledDim);
        continue;
      }
      ensureItem();
      if (diacritic) scaledDim = 0;
      scaledDim *= state.textHScale;
      translate(state.textMatrix, scaledDim, 0);
      width += scaledDim;
      if (scaledDim) prevTransform = textTransformInto(lastTransform);
      if (saveLastChar(ch)) str.push(' ');
      str.push(ch);
      if (charSpacing) advance(charSpacing);
    }
  };

  const setFont = (id: unknown, size: unknown) => {
    if (typeof id !== 'string' || typeof size !== 'number') return;
    if (state.font && id === state.fontName && size === state.fontSize) return;
    flush();
    state.fontName = id;
    state.font = fontOf(id);
    state.fontSize = size;
    const fm = state.font?.fontMatrix;
    state.fontMatrix = fm && fm.length >= 6 ? Array.from(fm) : FONT_IDENTITY;
  };

  const { fnArray, argsArray } = ops;
  for (let i = 0; i < fnArray.length; i++) {
    const fn = fnArray[i];
    const args = argsArray[i] as unknown[] | null | undefined;
    switch (fn) {
      case OPS.save:
        stack.push(cloneState(state));
        break;
      case OPS.restore:
        if (stack.length) state = stack.pop()!;
        break;
      case OPS.transform: {
        const m = toMatrix(args);
        if (m) state.ctm = transform(state.ctm, m);
        break;
      }
      case OPS.paintFormXObjectBegin: {
        stack.push(cloneState(state));
        const m = toMatrix(args?.[0]);
        if (m) state.ctm = transform(state.ctm, m);
        break;
      }
      case OPS.paintFormXObjectEnd:
        if (stack.length) state = stack.pop()!;
        break;
      case OPS.beginText:
        state.textMatrix = IDENTITY.slice();
        state.textLineMatrix = IDENTITY.slice();
        break;
      case OPS.setFont:
        setFont(args?.[0], args?.[1]);
        break;
      case OPS.setGState:
        for (const entry of (args?.[0] as unknown[][] | undefined) ?? []) {
          if (Array.isArray(entry) && entry[0] === 'Font' && Array.isArray(entry[1])) setFont(entry[1][0], entry[1][1]);
        }
        break;
      case OPS.setTextRise:
        state.textRise = Number(args?.[0]) || 0;
        break;
      case OPS.setHScale:
        state.textHScale = (Number(args?.[0]) || 0) / 100;
        break;
      case OPS.setLeading:
        state.leading = Number(args?.[0]) || 0;
        break;
      case OPS.moveText:
        translate(state.textLineMatrix, Number(args?.[0]) || 0, Number(args?.[1]) || 0);
        state.textMatrix = state.textLineMatrix.slice();
        break;
      case OPS.setLeadingMoveText:
        state.leading = -(Number(args?.[1]) || 0);
        translate(state.textLineMatrix, Number(args?.[0]) || 0, Number(args?.[1]) || 0);
        state.textMatrix = state.textLineMatrix.slice();
        break;
      case OPS.nextLine:
        translate(state.textLineMatrix, 0, -state.leading);
        state.textMatrix = state.textLineMatrix.slice();
        break;
      case OPS.setTextMatrix: {
        const m = toMatrix(args?.[0]) ?? toMatrix(args);
        if (m) {
          state.textMatrix = m.slice();
          state.textLineMatrix = m.slice();
          updateAdvanceScale();
        }
        break;
      }
      case OPS.setCharSpacing:
        state.charSpacing = Number(args?.[0]) || 0;
        break;
      case OPS.setWordSpacing:
        state.wordSpacing = Number(args?.[0]) || 0;
        break;
      case OPS.nextLineShowText:
        translate(state.textLineMatrix, 0, -state.leading);
        state.textMatrix = state.textLineMatrix.slice();
        showGlyphs((args?.[0] as ArrayLike<unknown>) ?? []);
        break;
      case OPS.nextLineSetSpacingShowText:
        state.wordSpacing = Number(args?.[0]) || 0;
        state.charSpacing = Number(args?.[1]) || 0;
        translate(state.textLineMatrix, 0, -state.leading);
        state.textMatrix = state.textLineMatrix.slice();
        showGlyphs((args?.[2] as ArrayLike<unknown>) ?? []);
        break;
      case OPS.showText:
      case OPS.showSpacedText:
        showGlyphs((args?.[0] as ArrayLike<unknown>) ?? []);
        break;
      default:
        break;
    }
  }
  flush();
  return items;
}
