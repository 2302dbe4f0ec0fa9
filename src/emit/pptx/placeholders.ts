// Title (and body) placeholders. pptxgenjs draws every title as a plain text box, so PowerPoint's
// outline view is empty and its Accessibility Checker reports "Missing slide title" on every slide.
// Each layout gets title and body placeholders, the master gets them too (the layouts' placeholders
// inherit from the master's), and each slide's title box, named TITLE_SHAPE when it is drawn, becomes
// its layout's title placeholder. The slide keeps its own position and run properties, so nothing
// moves; the layouts' styles are what a slide added in PowerPoint starts from.
import type { Box } from './geometry.ts';

/** The name the emitter gives each slide's title box. */
export const TITLE_SHAPE = 'Title';

export interface TextLook { size: number; color: string; bold?: boolean; anchor: 't' | 'b' }
export interface LayoutPlaceholders {
  title: Box & TextLook;
  body?: Box & TextLook;
}

const EMU = 914400;
const emu = (inches: number) => Math.round(inches * EMU);

/** The slide's title box as its layout's title placeholder. */
export function titleAsPlaceholder(xml: string): string {
  return xml.replace(/<p:sp>\s*<p:nvSpPr><p:cNvPr ([^>]*?)name="Title"([^>]*)>([\s\S]*?)<p:cNvSpPr\/><p:nvPr><\/p:nvPr>/,
    (_m, before: string, after: string, inner: string) =>
      `<p:sp><p:nvSpPr><p:cNvPr ${before}name="${TITLE_SHAPE}"${after}>${inner}<p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr><p:nvPr><p:ph type="title"/></p:nvPr>`);
}

/** Layout placeholders by the layout's name (pptxgenjs names each layout after its master's title). */
export function addLayoutPlaceholders(xml: string, layouts: Record<string, LayoutPlaceholders>): string {
  const name = /<p:cSld name="([^"]*)"/.exec(xml)?.[1];
  const wanted = name === undefined ? undefined : layouts[name];
  return wanted ? prependShapes(xml, placeholderShapes(wanted)) : xml;
}

/** The master's title and body placeholders, and its title style aligned left as ours are. */
export function addMasterPlaceholders(xml: string, content: LayoutPlaceholders): string {
  const styled = xml.replace(/(<p:titleStyle>\s*<a:lvl1pPr )algn="ctr"/, '$1algn="l"');
  return prependShapes(styled, placeholderShapes(content));
}

function placeholderShapes(p: LayoutPlaceholders): string {
  const title = shape('<p:ph type="title"/>', 'Title Placeholder', p.title);
  return p.body ? title + shape('<p:ph type="body" idx="1"/>', 'Text Placeholder', p.body) : title;
}

function shape(ph: string, name: string, box: Box & TextLook): string {
  const fill = `<a:solidFill><a:srgbClr val="${box.color}"/></a:solidFill>`;
  return `<p:sp><p:nvSpPr><p:cNvPr id="0" name="${name}"/><p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr><p:nvPr>${ph}</p:nvPr></p:nvSpPr>`
    + `<p:spPr><a:xfrm><a:off x="${emu(box.x)}" y="${emu(box.y)}"/><a:ext cx="${emu(box.w)}" cy="${emu(box.h)}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr>`
    + `<p:txBody><a:bodyPr wrap="square" lIns="0" tIns="0" rIns="0" bIns="0" anchor="${box.anchor}"><a:noAutofit/></a:bodyPr>`
    + `<a:lstStyle><a:lvl1pPr marL="0" indent="0" algn="l"><a:buNone/><a:defRPr sz="${box.size * 100}" b="${box.bold ? 1 : 0}">${fill}</a:defRPr></a:lvl1pPr></a:lstStyle>`
    + '<a:p><a:endParaRPr lang="en-US"/></a:p></p:txBody></p:sp>';
}

/** Shapes put first in the shape tree: behind everything, and first in the reading order. */
function prependShapes(xml: string, shapes: string): string {
  return xml.replace(/(<p:spTree>[\s\S]*?<\/p:grpSpPr>)/, `$1${shapes}`);
}
