// Which font a run is set in, when the run itself does not say: Word resolves it through the run's
// character style, the paragraph style (following basedOn) and the document defaults. The legacy-font
// repair step needs that name (".VnTime" → TCVN3, "VNI-Times" → VNI) to decode the text.
import * as cheerio from 'cheerio';

export interface StyleFonts {
  /** Font from docDefaults (w:rPrDefault), if any. */
  defaultFont: string | undefined;
  /** Resolved font of a style id (following basedOn), if any. */
  fontOfStyle(styleId: string | null | undefined): string | undefined;
  /** Every font named in styles.xml. */
  all: string[];
}

/** A cheerio selection of XML nodes (cheerio does not re-export domhandler's node type). */
type Selection = ReturnType<cheerio.CheerioAPI>;

function rFontsName(el: Selection): string | undefined {
  const f = el.find('w\\:rPr > w\\:rFonts').first();
  if (f.length === 0) return undefined;
  return f.attr('w:ascii') ?? f.attr('w:hAnsi') ?? f.attr('w:cs') ?? undefined;
}

export function parseStyleFonts(stylesXml: string | undefined): StyleFonts {
  if (!stylesXml) return { defaultFont: undefined, fontOfStyle: () => undefined, all: [] };
  const $ = cheerio.load(stylesXml, { xml: true });
  const defaultFont = rFontsName($('w\\:docDefaults > w\\:rPrDefault').first());
  const own = new Map<string, { font?: string; basedOn?: string }>();
  $('w\\:style').each((_, node) => {
    const s = $(node);
    const id = s.attr('w:styleId');
    if (!id) return;
    const font = rFontsName(s);
    const basedOn = s.children('w\\:basedOn').attr('w:val');
    own.set(id, { ...(font ? { font } : {}), ...(basedOn ? { basedOn } : {}) });
  });
  const fontOfStyle = (styleId: string | null | undefined): string | undefined => {
    const seen = new Set<string>();
    let id = styleId ?? undefined;
    while (id && !seen.has(id)) {
      seen.add(id);
      const s = own.get(id);
      if (!s) return undefined;
      if (s.font) return s.font;
      id = s.basedOn;
    }
    return undefined;
  };
  const all = [...new Set([defaultFont, ...[...own.values()].map((s) => s.font)].filter((f): f is string => !!f))];
  return { defaultFont, fontOfStyle, all };
}

/**
 * The font a run is set in: its own, else its character style's, its paragraph style's, the
 * document default.
 */
export function resolveRunFont(styles: StyleFonts, run: { font?: string | null | undefined; styleId?: string | null | undefined }, paraStyle: string | null | undefined): string | undefined {
  return run.font ?? styles.fontOfStyle(run.styleId) ?? styles.fontOfStyle(paraStyle) ?? styles.defaultFont;
}

/** The font's number in `fonts` (first use order), adding it when new; -1 for no font. */
export function fontNumber(fonts: string[], font: string | undefined): number {
  if (!font) return -1;
  const i = fonts.indexOf(font);
  return i >= 0 ? i : fonts.push(font) - 1;
}
