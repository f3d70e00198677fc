import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

/**
 * A PDF's text as a reader sees it, page by page: the text items of each line (same baseline) from left to
 * right, cells apart by " | " where there is a gap, as pdf.js extracts them. Non-breaking spaces become
 * spaces, so expected texts can be written plainly.
 */
export async function pdfPages(bytes: Uint8Array): Promise<string[][]> {
  const pdf = await getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, isEvalSupported: false, verbosity: 0 }).promise;
  const pages: string[][] = [];
  for (let n = 1; n <= pdf.numPages; n++) {
    const content = await (await pdf.getPage(n)).getTextContent();
    const lines = new Map<number, { x: number; end: number; text: string }[]>();
    for (const item of content.items) {
      if (!('str' in item) || item.str === '') continue;
      const y = Math.round(item.transform[5] as number);
      const x = item.transform[4] as number;
      const line = lines.get(y) ?? [];
      line.push({ x, end: x + item.width, text: item.str });
      lines.set(y, line);
    }
    const text = [...lines.entries()]
      .sort(([a], [b]) => b - a)
      .map(([, items]) => {
        items.sort((a, b) => a.x - b.x);
        let out = '';
        let end = -Infinity;
        for (const item of items) {
          out += out === '' ? item.text : item.x - end > 3 ? ` | ${item.text}` : item.text;
          end = item.end;
        }
        return out.replace(/\u00a0/g, ' ');
      });
    pages.push(text);
  }
  await pdf.destroy();
  return pages;
}

/** All pages' lines as one text. */
export async function pdfText(bytes: Uint8Array): Promise<string> {
  return (await pdfPages(bytes)).map((lines) => lines.join('\n')).join('\n\f\n');
}
