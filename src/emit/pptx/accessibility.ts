// What PowerPoint's Accessibility Checker and a screen reader need of each slide, layout and master,
// repaired in the XML pptxgenjs writes: unique shape ids, decorative shapes flagged as such, tables
// with a header row and a description. package.ts decides which part gets which repair.

/**
 * Shape ids 1…n in document order. pptxgenjs numbers shapes from 2 but gives the slide number 25, so
 * a slide with 24 shapes has two shapes with id 25, and its table ids (table number × slide number
 * + 1) can meet another shape's (PptxGenJS #1532). Nothing in our parts refers to a shape by id.
 */
export function uniqueShapeIds(xml: string): string {
  let id = 0;
  return xml.replace(/(<p:cNvPr id=")\d+"/g, (_m, head: string) => `${head}${++id}"`);
}

/** The a16 "mark as decorative" extension (Office 2019+): screen readers and the checker skip the shape. */
const DECORATIVE = '<a:extLst><a:ext uri="{C183D7F6-B498-43B3-948B-1728B52AA6E4}"><adec:decorative xmlns:adec="http://schemas.microsoft.com/office/drawing/2017/decorative" val="1"/></a:ext></a:extLst>';

/**
 * Shapes that carry no text and are no placeholder (bars, rules, tile panels, timeline dots, flow
 * arrows) are decoration: the text beside them says everything they show.
 */
export function flagDecorativeShapes(xml: string): string {
  return xml.replace(/<p:sp>[\s\S]*?<\/p:sp>/g, (sp) => {
    if (/<a:t>[^<]|<a:fld\b|<p:ph\b|adec:decorative/.test(sp)) return sp;
    return sp.replace(/<p:cNvPr ([^>]*?)(?:\/>|>\s*<\/p:cNvPr>)/, (_m, attrs: string) => `<p:cNvPr ${attrs}>${DECORATIVE}</p:cNvPr>`);
  });
}

/**
 * Pictures on a layout or master (the footer's logo) are decoration, repeated on every slide: no alt
 * text (pptxgenjs would write the file name, "preencoded.png") and the decorative flag.
 */
export function flagDecorativePictures(xml: string): string {
  return xml.replace(/<p:pic>[\s\S]*?<\/p:pic>/g, (pic) => {
    if (pic.includes('adec:decorative')) return pic;
    return pic.replace(/<p:cNvPr ([^>]*?)\s*(?:\/>|>\s*<\/p:cNvPr>)/, (_m, attrs: string) => `<p:cNvPr ${attrs.replace(/\s*descr="[^"]*"/, '')}>${DECORATIVE}</p:cNvPr>`);
  });
}

/**
 * Every table we draw starts with its header row: say so (firstRow), so that a screen reader announces
 * the column headers with each cell and the checker does not report "No header row". No table style
 * is named, so the flag changes nothing drawn: the cells carry their own fills and bold text.
 */
export function markTableHeaderRows(xml: string): string {
  return xml.replace(/<a:tblPr\/>/g, '<a:tblPr firstRow="1"/>');
}

/**
 * A table's description (its alt text): the columns it has and how many rows, which is what a
 * reader moving through the slide hears before entering the table.
 */
export function describeTables(xml: string, describe: (columns: string[], rows: number) => string): string {
  return xml.replace(/<p:graphicFrame>[\s\S]*?<\/p:graphicFrame>/g, (frame) => {
    if (!frame.includes('<a:tbl>') || /<p:cNvPr [^>]*descr="/.test(frame)) return frame;
    const rows = frame.match(/<a:tr\b[\s\S]*?<\/a:tr>/g) ?? [];
    const header = (rows[0]?.match(/<a:tc\b[\s\S]*?<\/a:tc>/g) ?? []).map((tc) => [...tc.matchAll(/<a:t>([^<]*)<\/a:t>/g)].map((t) => t[1]).join('').trim());
    const body = rows.length - 1;
    const descr = describe(header, body);
    return frame.replace(/<p:cNvPr ([^>]*?)(\/?>)/, (_m, attrs: string, end: string) => `<p:cNvPr ${attrs} descr="${descr.replace(/"/g, '&quot;')}"${end}`);
  });
}
