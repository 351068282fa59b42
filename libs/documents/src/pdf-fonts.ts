import { join } from 'node:path';

/**
 * DejaVu Sans ships with this library (assets/fonts, Bitstream Vera licence): PDFKit's built-in
 * fonts only cover WinAnsi, and system fonts differ between machines. DejaVu covers Latin, Greek
 * and Cyrillic, so "Lucía", "João", "Zoë", "Ørsted" or "Dvořák" print as written.
 */
const FONTS_DIR = join(__dirname, '..', 'assets', 'fonts');

export const PDF_FONTS = {
  regular: join(FONTS_DIR, 'DejaVuSans.ttf'),
  bold: join(FONTS_DIR, 'DejaVuSans-Bold.ttf'),
} as const;
