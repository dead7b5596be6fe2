// Word files are read by what their bytes are, not by their name: archives are full of .docx
// packages named .doc and Word 97-2003 files named .docx. This module picks the reader; the
// .doc and .docx readers each read only their own kind (and so need not know each other).
import { info, result } from '../result.js';
import { readDoc } from './doc.js';
import { readDocx } from './docx.js';
import { isOle, isZip } from './ole.js';
import type { Reader } from './types.js';

export const readWord: Reader = async (input) => {
  if (input.format === 'doc' && isZip(input.bytes)) {
    const r = await readDocx({ ...input, format: 'docx' });
    return result(r.value, [info('doc.is_docx', 'file is a .docx package; read as .docx'), ...r.messages]);
  }
  if (input.format === 'docx' && isOle(input.bytes)) {
    const r = await readDoc({ ...input, format: 'doc' });
    return result(r.value, [info('docx.is_doc', 'file is a legacy Word 97-2003 document; read as .doc'), ...r.messages]);
  }
  return input.format === 'doc' ? readDoc(input) : readDocx(input);
};
