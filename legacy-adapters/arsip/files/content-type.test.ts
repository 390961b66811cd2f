import { extensionOf, sniffContentType } from './content-type';

describe('arsip content sniffing', () => {
  it('tells PDF, JPEG and PNG by their first bytes', () => {
    expect(sniffContentType(Buffer.from('%PDF-1.7\n'))).toBe('application/pdf');
    expect(sniffContentType(Buffer.from([0xff, 0xd8, 0xff, 0xe1, 0, 0, 0, 0]))).toBe('image/jpeg');
    expect(sniffContentType(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe('image/png');
  });

  it('knows nothing else, nor a truncated signature', () => {
    expect(sniffContentType(Buffer.from('GIF89a..'))).toBeUndefined();
    expect(sniffContentType(Buffer.from('<html>'))).toBeUndefined();
    expect(sniffContentType(Buffer.from([0x89, 0x50, 0x4e]))).toBeUndefined();
    expect(sniffContentType(Buffer.alloc(0))).toBeUndefined();
    expect(extensionOf('image/jpeg')).toBe('JPG');
  });
});
