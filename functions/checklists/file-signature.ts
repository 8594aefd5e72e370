const ascii = (bytes: Uint8Array, from: number, to: number) => String.fromCharCode(...bytes.subarray(from, to));
const startsWith = (bytes: Uint8Array, prefix: readonly number[]) => prefix.every((b, i) => bytes[i] === b);

/** The ISO base media "brands" of HEIC/HEIF still images. */
const HEIF_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'mif1', 'msf1', 'heif']);

/**
 * Whether a file's first bytes are what its declared content type says (PNG, JPEG, WebP, HEIC or
 * HEIF, PDF): a browser's or a person's claim about a file is not trusted, its bytes are.
 */
export function bytesMatchType(contentType: string, start: Uint8Array): boolean {
  switch (contentType) {
    case 'image/png':
      return startsWith(start, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    case 'image/jpeg':
      return startsWith(start, [0xff, 0xd8, 0xff]);
    case 'image/webp':
      return ascii(start, 0, 4) === 'RIFF' && ascii(start, 8, 12) === 'WEBP';
    case 'image/heic':
    case 'image/heif':
      return ascii(start, 4, 8) === 'ftyp' && HEIF_BRANDS.has(ascii(start, 8, 12));
    case 'application/pdf':
      return ascii(start, 0, 5) === '%PDF-';
    default:
      return false;
  }
}
