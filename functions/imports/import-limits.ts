/** The most data rows and bytes an import takes. */
export const maxImportRows = 10_000;
export const maxImportBytes = 10 * 1024 * 1024;

/** An XLSX file is a ZIP archive: it starts with `PK\x03\x04`. */
export const isZip = (bytes: Uint8Array) =>
  bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
