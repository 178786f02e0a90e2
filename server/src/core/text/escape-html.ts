// Design text in HTML and SVG (the `report --format html` page): the five characters that can open a tag,
// an entity or leave an attribute value are replaced by entities, so design text is always text.

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** `text` safe as HTML or XML content and as a quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ENTITIES[ch]);
}
