import { spawn } from 'node:child_process';

export interface ExtractedPdf {
  text: string;
  /** The extracted lines with runs of white space collapsed, without blank ones. */
  lines: string[];
  pages: number;
  info: { Title?: string; Author?: string; CreationDate?: string; ModDate?: string };
}

/**
 * pdf-parse runs pdf.js, whose worker is an ES module loaded with a dynamic import(), which Jest's
 * CommonJS runtime cannot do; so extraction runs in a plain Node process, several PDFs at a time.
 */
const EXTRACT = `
const { PDFParse } = require(process.argv[1]);
const chunks = [];
process.stdin.on('data', (chunk) => chunks.push(chunk));
process.stdin.on('end', async () => {
  const results = [];
  for (const base64 of JSON.parse(Buffer.concat(chunks).toString('utf8'))) {
    const parser = new PDFParse({ data: new Uint8Array(Buffer.from(base64, 'base64')) });
    try {
      const { text, total } = await parser.getText({ pageJoiner: '' });
      const { info } = await parser.getInfo();
      results.push({ text, pages: total, info });
    } finally {
      await parser.destroy();
    }
  }
  process.stdout.write(JSON.stringify(results));
});`;

export function extractPdfs(pdfs: Buffer[]): Promise<ExtractedPdf[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', EXTRACT, require.resolve('pdf-parse')], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) {
        reject(new Error(`pdf-parse exited with ${code}: ${Buffer.concat(err).toString('utf8')}`));
        return;
      }
      const results = JSON.parse(Buffer.concat(out).toString('utf8')) as Array<Omit<ExtractedPdf, 'lines'>>;
      resolve(
        results.map((result) => ({
          ...result,
          lines: result.text
            .split('\n')
            .map((line) => line.replace(/\s+/g, ' ').trim())
            .filter(Boolean),
        })),
      );
    });
    child.stdin.end(JSON.stringify(pdfs.map((pdf) => pdf.toString('base64'))));
  });
}

export async function extractPdf(pdf: Buffer): Promise<ExtractedPdf> {
  const [result] = await extractPdfs([pdf]);
  return result;
}

export async function pdfLines(pdf: Buffer): Promise<string[]> {
  return (await extractPdf(pdf)).lines;
}

export async function pdfText(pdf: Buffer): Promise<string> {
  return (await extractPdf(pdf)).text;
}
