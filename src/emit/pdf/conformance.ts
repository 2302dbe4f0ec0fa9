// What the report claims to conform to, in its XMP metadata: PDF/UA-1 (ISO 14289-1) when the report
// meets its rules (test/helpers/pdf-ua.ts checks them), alongside PDF/A when asked for. PDF/A allows
// only the XMP schemas it predefines, so under PDF/A the PDF/UA identification schema is declared
// as an extension schema, as PDF/A-2 (ISO 19005-2, 6.6.2.3) asks.

const PDFUA_ID = `
        <rdf:Description rdf:about="" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">
            <pdfuaid:part>1</pdfuaid:part>
        </rdf:Description>`;

const PDFUA_EXTENSION_SCHEMA = `
        <rdf:Description rdf:about="" xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/" xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#" xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
            <pdfaExtension:schemas>
                <rdf:Bag>
                    <rdf:li rdf:parseType="Resource">
                        <pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
                        <pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
                        <pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
                        <pdfaSchema:property>
                            <rdf:Seq>
                                <rdf:li rdf:parseType="Resource">
                                    <pdfaProperty:name>part</pdfaProperty:name>
                                    <pdfaProperty:valueType>Integer</pdfaProperty:valueType>
                                    <pdfaProperty:category>internal</pdfaProperty:category>
                                    <pdfaProperty:description>Indicates, which part of ISO 14289 standard is followed</pdfaProperty:description>
                                </rdf:li>
                            </rdf:Seq>
                        </pdfaSchema:property>
                    </rdf:li>
                </rdf:Bag>
            </pdfaExtension:schemas>
        </rdf:Description>`;

/**
 * Declares PDF/UA-1 in the XMP. Call it only when nothing in `unmet` stands in the way (the reasons
 * the report cannot claim it, e.g. a figure without alternative text); returns whether it did.
 */
export function declarePdfUa(pdf: PDFKit.PDFDocument, pdfa: boolean, unmet: string[]): boolean {
  if (unmet.length) return false;
  const doc = pdf as unknown as { appendXML(xml: string): void };
  doc.appendXML(PDFUA_ID);
  if (pdfa) doc.appendXML(PDFUA_EXTENSION_SCHEMA);
  return true;
}

/**
 * pdfkit writes the title, author, subject and keywords into the XMP as they are, so a title with
 * "&" or "<" (data is written literally) made the metadata invalid XML. The document information
 * dictionary is written first, from the same values, and must keep them unescaped: the values are
 * escaped only once pdfkit comes to the metadata.
 */
export function escapeXmpValues(pdf: PDFKit.PDFDocument): void {
  const doc = pdf as unknown as { info: Record<string, unknown>; endMetadata(): void };
  const endMetadata = doc.endMetadata.bind(doc);
  doc.endMetadata = () => {
    doc.info = Object.fromEntries(Object.entries(doc.info).map(([k, v]) => [k, typeof v === 'string' ? escapeXml(v) : v]));
    endMetadata();
  };
}

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
