// The words "Biểu mẫu" that open a form's heading, as folded text ("bieu mau"), and as OCR prints
// them from a scan: "Biến mẫu", "Bleu mẫu", "Biểu rnẫu". A heading lost to one misread letter
// loses its form: its table is then taken for the form before, whose rows its codes collide with.
export const FORM_WORDS = String.raw`b[il1]e[unr][\s:.,;]*(?:m|rn)[ao][un]`;
