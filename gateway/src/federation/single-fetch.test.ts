import { isDataAlone } from './single-fetch';

/** What the single-fetch path passes on as it came: an answer of data alone, told without parsing it. */
describe('isDataAlone', () => {
  const text = (value: unknown) => Buffer.from(`${JSON.stringify(value)}\n`, 'utf8');

  it('takes an answer of data alone, whatever its strings hold', () => {
    expect(isDataAlone(text({ data: { resident: { name: 'SITI' } } }))).toBe(true);
    expect(isDataAlone(text({ data: { resident: null } }))).toBe(true);
    expect(isDataAlone(text({ data: { resident: { name: 'SITI "errors": AMINAH', address: 'Jl. Ciputat ☺' } } }))).toBe(true);
    // Quotes inside strings are escaped: a name that looks like a key is still data.
    expect(isDataAlone(text({ data: { resident: { name: '"errors": [1], "extensions": {}' } } }))).toBe(true);
  });

  it('leaves to Apollo an answer with errors or extensions, or no data object', () => {
    expect(isDataAlone(text({ errors: [{ message: 'x' }], data: { resident: null } }))).toBe(false);
    expect(isDataAlone(text({ data: { resident: null }, errors: [{ message: 'x' }] }))).toBe(false);
    expect(isDataAlone(text({ data: { resident: null }, extensions: { cost: 1 } }))).toBe(false);
    expect(isDataAlone(text({ data: null }))).toBe(false);
    expect(isDataAlone(Buffer.from('{"data":{"resident":'))).toBe(false);
    expect(isDataAlone(Buffer.from('{"data":{}'))).toBe(false);
    expect(isDataAlone(Buffer.alloc(0))).toBe(false);
  });

  it('sends to Apollo, which is safe, data with a field or alias named like a key', () => {
    expect(isDataAlone(text({ data: { errors: 1 } }))).toBe(false);
  });
});
