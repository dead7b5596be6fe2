// A fast XML parser for the parts of a .docx, producing mammoth's own XML element tree.
//
// Why: mammoth parses every part with @xmldom/xmldom, builds a full W3C DOM and then copies it into
// its own small tree (mammoth/lib/xml/nodes.js). For a seed-sized report (278 KB document.xml)
// that parse and the garbage it leaves were about 60% of the .docx reader's CPU. This parser builds
// mammoth's tree directly, in one pass over the string.
//
// Why not a library: a strict, namespace-aware SAX parser (saxes 6, tried 2026-11-28) built the
// same trees for all 561 XML parts of the fixture and bench .docx files in 1,011 ms against
// xmldom's 1,601 ms and this parser's 163 ms; a lenient one (htmlparser2) would accept broken XML
// that xmldom rejects, and the reader's error messages would change with it.
//
// Why it is safe to hand to mammoth: it only answers for the plain, well-formed XML that Word and
// other writers emit (elements, attributes, text, the five predefined entities and numeric character
// references, an XML declaration). It reproduces what xmldom + mammoth's converter give for that
// subset: the same element and attribute names (namespace URI mapped through mammoth's prefix map,
// "{uri}local" otherwise), the same attribute order and values (tab/CR/LF → space, then entities),
// the same text nodes (line endings normalised as xmldom does). Anything else — comments, CDATA,
// processing instructions after the declaration, a DOCTYPE, an unknown entity, an undeclared
// prefix, a duplicate attribute, a mismatched tag, stray text around the root — makes it answer
// `undefined`, and the caller uses xmldom as before, so odd and broken parts keep exactly their old
// result or error message. test/readers.docx.test.ts compares both parsers part by part.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** mammoth's XML element (mammoth/lib/xml/nodes.js): the body reader calls its methods. */
export interface XmlElement {
  type: 'element';
  name: string;
  attributes: Record<string, string>;
  children: XmlNode[];
}
export interface XmlText {
  type: 'text';
  value: string;
}
export type XmlNode = XmlElement | XmlText;

export type NamespaceMap = Record<string, string>;

interface MammothXmlModule {
  Element: new (name: string, attributes: Record<string, string>, children: XmlNode[]) => XmlElement;
  readString: (xml: string, namespaceMap?: NamespaceMap) => Promise<XmlElement>;
}

const XMLNS_URI = 'http://www.w3.org/2000/xmlns/';
const XML_URI = 'http://www.w3.org/XML/1998/namespace';

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Thrown inside the parser when the input leaves the supported subset. */
class OutsideSubset extends Error {}

function outside(): never {
  throw new OutsideSubset();
}

/** xmldom's entity decoding (its `/&#?\w+;/g` replacer), restricted to references it decodes cleanly. */
function decodeEntity(ref: string): string {
  const k = ref.slice(1, -1);
  const named = ENTITIES[k];
  if (named !== undefined) return named;
  let code: number;
  if (/^#[0-9]+$/.test(k)) code = parseInt(k.slice(1), 10);
  else if (/^#x[0-9a-fA-F]+$/.test(k)) code = parseInt(k.slice(2), 16);
  else return outside();
  if (!(code >= 0 && code <= 0x10ffff)) return outside();
  if (code > 0xffff) {
    code -= 0x10000;
    return String.fromCharCode(0xd800 + (code >> 10), 0xdc00 + (code & 0x3ff));
  }
  return String.fromCharCode(code);
}

function decodeEntities(s: string): string {
  if (s.indexOf('&') < 0) return s;
  let refs = 0;
  const out = s.replace(/&#?\w+;/g, (ref) => {
    refs++;
    return decodeEntity(ref);
  });
  // A bare '&' (not part of a reference) is not well-formed XML.
  let amps = 0;
  for (let i = s.indexOf('&'); i >= 0; i = s.indexOf('&', i + 1)) amps++;
  if (amps !== refs) outside();
  return out;
}

/** xmldom normalises line endings (including NEL and LINE SEPARATOR) before parsing. */
function normalizeLineEndings(s: string): string {
  return /[\r\u0085\u2028]/.test(s) ? s.replace(/\r[\n\u0085]/g, '\n').replace(/[\r\u0085\u2028]/g, '\n') : s;
}

const enum C {
  Tab = 9,
  LF = 10,
  CR = 13,
  Space = 32,
  Quote = 34,
  Apos = 39,
  Slash = 47,
  Colon = 58,
  Lt = 60,
  Eq = 61,
  Gt = 62,
  Question = 63,
  Bang = 33,
  Amp = 38,
  LowerX = 120,
}

const isSpace = (c: number) => c === C.Space || c === C.LF || c === C.Tab || c === C.CR;
const isNameStart = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
const isNameChar = (c: number) => isNameStart(c) || (c >= 48 && c <= 57) || c === 45 || c === 46;

/** Namespace scope: prefix → URI ('' = default namespace), inherited through the prototype chain as in xmldom. */
type Scope = Record<string, string>;

/** Converted names by name as written, valid for one namespace scope. */
interface Names {
  elements: Map<string, string>;
  attributes: Map<string, string>;
}

interface Frame {
  qname: string;
  children: XmlNode[];
  scope: Scope;
  names: Names;
}

export interface ParseOptions {
  /** Build elements with this constructor (mammoth's Element), else plain objects. */
  Element?: MammothXmlModule['Element'];
}

/**
 * Parses `src` into mammoth's element tree, or returns undefined when the XML is outside the
 * subset this parser answers for (the caller then uses xmldom).
 */
export function parseXml(src: string, namespaceMap: NamespaceMap, options: ParseOptions = {}): XmlElement | undefined {
  try {
    return parse(src, namespaceMap, options);
  } catch (e) {
    if (e instanceof OutsideSubset) return undefined;
    throw e;
  }
}

function parse(input: string, namespaceMap: NamespaceMap, options: ParseOptions): XmlElement {
  const src = normalizeLineEndings(input);
  const Ctor = options.Element;
  const make = (name: string, attributes: Record<string, string>, children: XmlNode[]): XmlElement =>
    Ctor ? new Ctor(name, attributes, children) : { type: 'element', name, attributes, children };
  const len = src.length;
  let pos = 0;

  const skipSpace = () => {
    while (pos < len && isSpace(src.charCodeAt(pos))) pos++;
  };
  const readName = (): string => {
    const start = pos;
    if (pos >= len || !isNameStart(src.charCodeAt(pos))) outside();
    pos++;
    let colons = 0;
    while (pos < len) {
      const c = src.charCodeAt(pos);
      if (isNameChar(c)) pos++;
      else if (c === C.Colon && colons === 0 && pos + 1 < len && isNameStart(src.charCodeAt(pos + 1))) {
        colons++;
        pos++;
      } else break;
    }
    return src.slice(start, pos);
  };

  // Prolog: an optional XML declaration, then whitespace.
  if (src.startsWith('<?xml')) {
    const c = src.charCodeAt(5);
    if (!isSpace(c) && c !== C.Question) outside();
    const end = src.indexOf('?>', 5);
    if (end < 0) outside();
    pos = end + 2;
  }
  skipSpace();

  const rootScope: Scope = { xml: XML_URI };
  const rootNames: Names = { elements: new Map(), attributes: new Map() };
  const attrRaw: string[] = [];
  const attrValue: string[] = [];
  const attrConverted: string[] = [];
  // mammoth's convertName: the mapped prefix, "{uri}" when the URI is not in its map, none without a namespace.
  const convert = (uri: string | undefined, local: string): string => {
    if (!uri) return local;
    const prefix = namespaceMap[uri];
    return prefix ? `${prefix}:${local}` : `{${uri}}${local}`;
  };
  // Unprefixed attributes have no namespace; xmlns and xmlns:* are in the xmlns namespace.
  const attributeName = (a: string, scope: Scope): string => {
    const colon = a.indexOf(':');
    if (colon < 0) return a === 'xmlns' ? convert(XMLNS_URI, a) : a;
    const prefix = a.slice(0, colon);
    const local = a.slice(colon + 1);
    if (prefix === 'xmlns') return convert(XMLNS_URI, local);
    const uri = scope[prefix];
    if (!uri) outside();
    return convert(uri, local);
  };
  // Unprefixed elements are in the default namespace, if any.
  const elementNameOf = (qname: string, scope: Scope): string => {
    const colon = qname.indexOf(':');
    if (colon < 0) return convert(scope[''], qname);
    const uri = scope[qname.slice(0, colon)];
    if (!uri) outside();
    return convert(uri, qname.slice(colon + 1));
  };

  const stack: Frame[] = [];
  let root: XmlElement | undefined;
  let top: Frame | undefined;

  while (pos < len) {
    const c = src.charCodeAt(pos);
    if (c !== C.Lt) {
      // Text: up to the next tag.
      let end = src.indexOf('<', pos);
      if (end < 0) end = len;
      const text = src.slice(pos, end);
      if (!top) {
        // Only whitespace may stand outside the root element.
        if (!/^[ \t\r\n]*$/.test(text)) outside();
      } else {
        top.children.push({ type: 'text', value: decodeEntities(text) });
      }
      pos = end;
      continue;
    }
    const next = src.charCodeAt(pos + 1);
    if (next === C.Slash) {
      // End tag.
      if (!top) return outside();
      pos += 2;
      const qname = readName();
      skipSpace();
      if (src.charCodeAt(pos) !== C.Gt || qname !== top.qname) outside();
      pos++;
      stack.pop();
      top = stack[stack.length - 1];
      if (!top) {
        skipSpace();
        if (pos !== len) outside();
      }
      continue;
    }
    if (next === C.Bang || next === C.Question) outside();
    if (root && !top) outside();

    // Start tag: name, then attributes (into buffers reused across elements).
    pos++;
    const qname = readName();
    let attrCount = 0;
    let declaresNamespace = false;
    let selfClosing = false;
    for (;;) {
      const hadSpace = pos < len && isSpace(src.charCodeAt(pos));
      skipSpace();
      if (pos >= len) outside();
      const ch = src.charCodeAt(pos);
      if (ch === C.Gt) {
        pos++;
        break;
      }
      if (ch === C.Slash) {
        if (src.charCodeAt(pos + 1) !== C.Gt) outside();
        pos += 2;
        selfClosing = true;
        break;
      }
      if (!hadSpace) outside();
      const name = readName();
      skipSpace();
      if (src.charCodeAt(pos) !== C.Eq) outside();
      pos++;
      skipSpace();
      const q = src.charCodeAt(pos);
      if (q !== C.Quote && q !== C.Apos) outside();
      // Scan the value once: where it ends, and whether it needs whitespace or entity handling.
      let end = pos + 1;
      let special = false;
      for (;;) {
        if (end >= len) outside();
        const v = src.charCodeAt(end);
        if (v === q) break;
        if (v === C.Lt) outside();
        if (v === C.Amp || v === C.Tab || v === C.LF || v === C.CR) special = true;
        end++;
      }
      let value = src.slice(pos + 1, end);
      pos = end + 1;
      for (let i = 0; i < attrCount; i++) if (attrRaw[i] === name) outside();
      if (special) value = decodeEntities(value.replace(/[\t\n\r]/g, ' '));
      if (name.charCodeAt(0) === C.LowerX && (name === 'xmlns' || name.startsWith('xmlns:'))) declaresNamespace = true;
      attrRaw[attrCount] = name;
      attrValue[attrCount] = value;
      attrCount++;
    }

    const parent = top;
    let scope = parent ? parent.scope : rootScope;
    let names = parent ? parent.names : rootNames;
    const attributes: Record<string, string> = Object.create(null);
    if (declaresNamespace) {
      // Declarations on this element apply to its own name and attributes, and below.
      scope = Object.create(scope) as Scope;
      names = { elements: new Map(), attributes: new Map() };
      for (let i = 0; i < attrCount; i++) {
        const a = attrRaw[i]!;
        if (a === 'xmlns') scope[''] = attrValue[i]!;
        else if (a.startsWith('xmlns:')) scope[a.slice(6)] = attrValue[i]!;
      }
    }
    for (let i = 0; i < attrCount; i++) {
      const a = attrRaw[i]!;
      let converted = names.attributes.get(a);
      if (converted === undefined) {
        converted = attributeName(a, scope);
        names.attributes.set(a, converted);
      }
      // Two attributes resolving to one name: xmldom keeps one of them; not worth mirroring.
      for (let j = 0; j < i; j++) if (attrConverted[j] === converted) outside();
      attrConverted[i] = converted;
      attributes[converted] = attrValue[i]!;
    }
    let name = names.elements.get(qname);
    if (name === undefined) {
      name = elementNameOf(qname, scope);
      names.elements.set(qname, name);
    }

    const children: XmlNode[] = [];
    const el = make(name, attributes, children);
    if (parent) parent.children.push(el);
    else root = el;
    if (!selfClosing) {
      top = { qname, children, scope, names };
      stack.push(top);
    } else if (!parent) {
      skipSpace();
      if (pos !== len) outside();
    }
  }
  if (!root || stack.length) return outside();
  return root;
}

const mammothXml = require('mammoth/lib/xml/index.js') as MammothXmlModule;
const originalReadString = mammothXml.readString;

/**
 * mammoth's readString with this parser in front: same tree for the supported subset, xmldom
 * (mammoth's own readString) for everything else.
 */
export function readXmlString(xml: string, namespaceMap?: NamespaceMap): Promise<XmlElement> {
  let tree: XmlElement | undefined;
  try {
    tree = parseXml(xml, namespaceMap ?? {}, { Element: mammothXml.Element });
  } catch {
    tree = undefined;
  }
  return tree ? Promise.resolve(tree) : originalReadString(xml, namespaceMap);
}

/** mammoth's own xmldom-based readString, for comparison in tests. */
export const xmldomReadString = originalReadString;

/** The mammoth release whose internals (XML tree, document tree, part readers) these modules follow. */
export const CHECKED_MAMMOTH_VERSION = '1.13.0';

/** The installed mammoth's version. */
export const mammothVersion = (require('mammoth/package.json') as { version: string }).version;

/**
 * Puts readXmlString in place of mammoth's XML parser. mammoth's part readers all call
 * `xml.readString` through its lib/xml module object at call time, so replacing that property is
 * the one seam. Done only for the mammoth release this was checked against (the tree shape and the
 * call sites are internals); any other release keeps xmldom. Returns whether the seam is in place.
 */
export function useFastXmlInMammoth(): boolean {
  if (mammothVersion !== CHECKED_MAMMOTH_VERSION) return false;
  mammothXml.readString = readXmlString;
  return true;
}
