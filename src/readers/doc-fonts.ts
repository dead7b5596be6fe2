// Font names of a Word 97-2003 document, from its font table (SttbfFfn, [MS-DOC] 2.9.274). Legacy
// Vietnamese documents are recognised by these names (".VnTime" → TCVN3, "VNI-Times" → VNI), and
// word-extractor does not report them.

/** Offset of fcSttbfFfn in the FIB: FibBase(32) + csw(2) + FibRgW97(28) + cslw(2) + FibRgLw97(88) + cbRgFcLcb(2) + 15 pairs. */
const FC_STTBF_FFN = 0x9a + 15 * 8;
/** Bytes of an FFN before its name: ffid(1) wWeight(2) chs(1) ixchSzAlt(1) panose(10) fs(24). */
const FFN_NAME_OFFSET = 39;

export function docFontNames(wordDocument: Buffer, table: Buffer): string[] {
  if (wordDocument.length < FC_STTBF_FFN + 8) return [];
  const fc = wordDocument.readUInt32LE(FC_STTBF_FFN);
  const lcb = wordDocument.readUInt32LE(FC_STTBF_FFN + 4);
  if (lcb < 4 || fc + lcb > table.length) return [];
  const sttb = table.subarray(fc, fc + lcb);
  const count = sttb.readUInt16LE(0);
  const names: string[] = [];
  let pos = 4; // cData, cbExtra
  for (let i = 0; i < count && pos < sttb.length; i++) {
    const cb = sttb[pos]!;
    const ffn = sttb.subarray(pos + 1, pos + 1 + cb);
    pos += 1 + cb;
    if (ffn.length <= FFN_NAME_OFFSET) continue;
    let end = FFN_NAME_OFFSET;
    while (end + 1 < ffn.length && ffn.readUInt16LE(end) !== 0) end += 2;
    const name = ffn.subarray(FFN_NAME_OFFSET, end).toString('utf16le');
    if (name) names.push(name);
  }
  return names;
}
