import { DocumentSettingsError } from './document.errors';

const MAX_LOGO_BYTES = 2 * 1024 * 1024;
const DATA_URL = /^data:(image\/(?:png|jpeg|jpg));base64,([A-Za-z0-9+/=\s]+)$/i;
const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const JPEG_MAGIC = Buffer.from([0xff, 0xd8, 0xff]);

export interface LogoImage {
  bytes: Buffer;
  width: number;
  height: number;
}

function jpegSize(bytes: Buffer): { width: number; height: number } | undefined {
  let offset = 2;
  while (offset + 9 < bytes.length) {
    if (bytes[offset] !== 0xff) return undefined;
    const marker = bytes[offset + 1];
    const length = bytes.readUInt16BE(offset + 2);
    // SOF0..SOF15 carry the frame size; C4 (DHT), C8 (JPG) and CC (DAC) share the range but do not.
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { height: bytes.readUInt16BE(offset + 5), width: bytes.readUInt16BE(offset + 7) };
    }
    offset += 2 + length;
  }
  return undefined;
}

/**
 * The logo's image (bytes and pixel size) when `settings.business.logo` is a PNG or JPEG data URL. An http(s) URL
 * gives undefined: rendering never fetches from the network (no tenant-controlled requests from the
 * worker, and the same input always gives the same PDF). Anything else is a settings error.
 */
export function decodeLogo(logo: string | undefined): LogoImage | undefined {
  const value = logo?.trim();
  if (!value || /^https?:\/\//i.test(value)) return undefined;
  const match = DATA_URL.exec(value);
  if (!match) {
    throw new DocumentSettingsError(
      'settings.business.logo must be a data:image/png;base64,... or data:image/jpeg;base64,... URL',
    );
  }
  const bytes = Buffer.from(match[2].replace(/\s/g, ''), 'base64');
  if (bytes.length > MAX_LOGO_BYTES) {
    throw new DocumentSettingsError(`settings.business.logo is larger than ${MAX_LOGO_BYTES} bytes`);
  }
  const png = bytes.subarray(0, PNG_MAGIC.length).equals(PNG_MAGIC);
  const jpeg = bytes.subarray(0, JPEG_MAGIC.length).equals(JPEG_MAGIC);
  const size =
    png && bytes.length >= 24
      ? { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) }
      : jpeg
        ? jpegSize(bytes)
        : undefined;
  if (!size || !size.width || !size.height) {
    throw new DocumentSettingsError('settings.business.logo is not a readable PNG or JPEG image');
  }
  return { bytes, ...size };
}
