import { multipartBoundary, parseMultipart } from '../multipart-parser';

describe('multipart parser', () => {
  it('reads fields and files from a body encoded by the platform FormData', async () => {
    const form = new FormData();
    form.set('messaging_product', 'whatsapp');
    form.set('file', new Blob([new Uint8Array([0, 13, 10, 45, 45, 255])], { type: 'image/png' }), 'menu.png');
    const request = new Request('http://localhost/', { method: 'POST', body: form });
    const boundary = multipartBoundary(request.headers.get('content-type') ?? undefined);
    expect(boundary).toBeDefined();
    const parts = parseMultipart(Buffer.from(await request.arrayBuffer()), boundary as string);
    expect(parts.map((p) => p.name)).toEqual(['messaging_product', 'file']);
    expect(parts[0].data.toString()).toBe('whatsapp');
    expect(parts[1]).toMatchObject({ filename: 'menu.png', contentType: 'image/png' });
    expect([...parts[1].data]).toEqual([0, 13, 10, 45, 45, 255]);
  });

  it('rejects bodies without the boundary or with an unterminated part', () => {
    expect(multipartBoundary('application/json')).toBeUndefined();
    expect(() => parseMultipart(Buffer.from('nothing here'), 'xyz')).toThrow(/boundary/);
    expect(() =>
      parseMultipart(Buffer.from('--xyz\r\nContent-Disposition: form-data; name="a"\r\n\r\nvalue'), 'xyz'),
    ).toThrow(/not terminated/);
  });
});
