// Builds .docx test fixtures from a plan's text with the `docx` library (no binary fixtures in the repository).
//
// numbering:
//   'typed'      every line is a paragraph as written ("1.实施…" keeps its number as text) — the usual official document;
//   'items'      item lines (`1.` …) become Word auto-numbered paragraphs (decimal "%1.", one list continuing across
//                the hand-typed `一、` headings), their typed numbers removed — what Word's AutoFormat makes of them;
//   'multilevel' headings and items both auto-numbered in one two-level list: `一、` headings at level 0
//                (chineseCounting "%1、"), items at level 1 (decimal "%2.", restarting after each heading — Word's default).
import { AlignmentType, Document, LevelFormat, Packer, Paragraph, TextRun } from 'docx';

export type PlanDocxNumbering = 'typed' | 'items' | 'multilevel';

const ITEM = /^\d+\s*[.．、]\s*/;
const HEADING = /^[一二三四五六七八九十]+、\s*/;

function paragraph(text: string, numbering?: { reference: string; level: number }): Paragraph {
  // A tab and the East Asian font as a real document would have; the text itself stays as given.
  return new Paragraph({ children: [new TextRun({ text, font: { eastAsia: '仿宋_GB2312' } })], ...(numbering ? { numbering } : {}) });
}

export async function planDocx(text: string, numbering: PlanDocxNumbering = 'typed'): Promise<Buffer> {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const children = lines.map((line) => {
    if (numbering === 'items' && ITEM.test(line)) return paragraph(line.replace(ITEM, ''), { reference: 'plan', level: 0 });
    if (numbering === 'multilevel' && HEADING.test(line)) return paragraph(line.replace(HEADING, ''), { reference: 'plan', level: 0 });
    if (numbering === 'multilevel' && ITEM.test(line)) return paragraph(line.replace(ITEM, ''), { reference: 'plan', level: 1 });
    return paragraph(line);
  });
  const levels =
    numbering === 'multilevel'
      ? [
          { level: 0, format: LevelFormat.CHINESE_COUNTING, text: '%1、', alignment: AlignmentType.START },
          { level: 1, format: LevelFormat.DECIMAL, text: '%2.', alignment: AlignmentType.START },
        ]
      : [{ level: 0, format: LevelFormat.DECIMAL, text: '%1.', alignment: AlignmentType.START }];
  const doc = new Document({
    creator: 'fangxin tests',
    numbering: { config: [{ reference: 'plan', levels }] },
    sections: [{ children }],
  });
  return Packer.toBuffer(doc);
}
