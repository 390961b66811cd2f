import { GerbangError } from '@core/errors';
import { decodeFile, encodeFile } from '../../base/files/codec';
import type { ChangeRequest } from '../port';
import { changeOf, exportProblem, isoFromLegacy, rejectionOf, requestFileName, requestIdFor, resultFileName, toAnnotation, toOutcome, toRequestLine } from './mapping';

const request: ChangeRequest = {
  reference: 'PORTAL-2026-000123',
  nik: '3674015708900002',
  change: 'NAME_CHANGE',
  courtOrder: { number: '123/Pdt.P/2026/PN.Tng', court: 'Pengadilan Negeri Tangerang', date: '2026-01-02' },
  previousName: 'Zoë  Lestari',
  newName: 'José Muñoz',
};

describe('capil-perubahan request files', () => {
  it('derives a fixed-length request id and file names from the caller\'s reference, the same every time', () => {
    const id = requestIdFor(request.reference);
    expect(id).toMatch(/^G[0-9A-F]{19}$/);
    expect(requestIdFor(request.reference)).toBe(id);
    expect(requestIdFor('other')).not.toBe(id);
    expect(requestFileName(id)).toBe(`PERUBAHAN_${id}.CSV`);
    expect(resultFileName(id)).toBe(`PERUBAHAN_${id}.HSL`);
  });

  it('writes the line with legacy codes, a DD-MM-YYYY date and collapsed blanks', () => {
    expect(toRequestLine(request, 'G1')).toEqual(['G1', '3674015708900002', '05', 'Zoë Lestari', 'José Muñoz', '', '', '123/Pdt.P/2026/PN.Tng', 'Pengadilan Negeri Tangerang', '02-01-2026']);
    expect(toRequestLine({ ...request, change: 'CHILD_RECOGNITION' }, 'G1')[2]).toBe('01');
    expect(toRequestLine({ ...request, change: 'CHILD_LEGITIMATION' }, 'G1')[2]).toBe('02');
  });

  it('encodes accented names in Windows-1252 and refuses what the format cannot carry', () => {
    const bytes = encodeFile([toRequestLine(request, 'G1')]);
    expect(bytes.includes(Buffer.from('Jos\xe9 Mu\xf1oz', 'latin1'))).toBe(true);
    for (const [field, value, reason] of [['newName', 'A;B', 'SEPARATOR'], ['previousName', 'Łukasz', 'NOT_WINDOWS_1252'], ['fatherName', '名', 'NOT_WINDOWS_1252']] as const) {
      const error = (() => { try { toRequestLine({ ...request, [field]: value }, 'G1'); } catch (e) { return e; } })();
      expect(error).toBeInstanceOf(GerbangError);
      expect(error).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', argument: field, reason } });
    }
    // Line breaks are blanks like any other: collapsed, so they never split a line.
    expect(toRequestLine({ ...request, newName: 'JOSÉ\r\nMUÑOZ' }, 'G1')[4]).toBe('JOSÉ MUÑOZ');
    expect(() => toRequestLine({ ...request, courtOrder: { ...request.courtOrder, date: '02-01-2026' } }, 'G1')).toThrow(/date/);
  });
});

describe('capil-perubahan results and export', () => {
  it('reads accepted and rejected result lines, with DDMMYYYY dates', () => {
    expect(toOutcome('R', { ID_PERMOHONAN: 'G1', STATUS: '1', NO_CATATAN: '3674-CP-02012026-0001', KD_ALASAN: '', KETERANGAN: 'DICATAT', TGL_PROSES: '02012026' }))
      .toEqual({ reference: 'R', state: 'ACCEPTED', annotationNumber: '3674-CP-02012026-0001', processedOn: '2026-01-02' });
    expect(toOutcome('R', { ID_PERMOHONAN: 'G1', STATUS: '0', NO_CATATAN: '', KD_ALASAN: 'E06', KETERANGAN: 'SUDAH DICATAT', TGL_PROSES: '31022026' }))
      .toEqual({ reference: 'R', state: 'REJECTED', reason: 'ALREADY_RECORDED', processedOn: null });
  });

  it.each([
    ['E01', 'INVALID_NIK'], ['E02', 'MISSING_DATA'], ['E03', 'UNKNOWN_CHANGE'], ['E04', 'INVALID_COURT_ORDER_DATE'],
    ['E05', 'INVALID_FATHER_NIK'], ['E06', 'ALREADY_RECORDED'], ['E09', 'MALFORMED_REQUEST'], ['E77', 'OTHER'], ['', 'OTHER'],
  ])('reason %p is %p', (code, reason) => {
    expect(rejectionOf(code)).toBe(reason);
  });

  it.each([
    ['01', 'CHILD_RECOGNITION'], ['1', 'CHILD_RECOGNITION'], ['02', 'CHILD_LEGITIMATION'], ['05', 'NAME_CHANGE'], ['03', null], ['04', null], ['', null],
  ])('change code %p is %p', (code, change) => {
    expect(changeOf(code)).toBe(change);
  });

  it.each([
    ['02-01-2026', '2026-01-02'], ['02012026', '2026-01-02'], ['29022024', '2024-02-29'], ['29022026', null], ['2026-01-02', null], ['', null], [undefined, null],
  ])('legacy date %p is %p', (text, iso) => {
    expect(isoFromLegacy(text)).toBe(iso);
  });

  it('reads an export line: blanks to null, B as annulled', () => {
    expect(toAnnotation({ NO_CATATAN: '3674-CP-05032019-0001', NIK: '3674010101190003', KD_JENIS: '01', NAMA_LAMA: '', NAMA_BARU: ' ', NIK_AYAH: '3674011212800001', NAMA_AYAH: 'AGUS  SALIM', NO_PENETAPAN: '12/PDT.P/2019/PN.TAN', NAMA_PN: 'PENGADILAN NEGERI TANGERANG', TGL_PENETAPAN: '01032019', TGL_CATAT: '05032019', STATUS: 'B' }))
      .toEqual({
        number: '3674-CP-05032019-0001', nik: '3674010101190003', change: 'CHILD_RECOGNITION',
        courtOrder: { number: '12/PDT.P/2019/PN.TAN', court: 'PENGADILAN NEGERI TANGERANG', date: '2019-03-01' },
        previousName: null, newName: null, fatherNik: '3674011212800001', fatherName: 'AGUS SALIM', recordedOn: '2019-03-05', annulled: true,
      });
  });

  it('accepts a whole export and notices one cut short or miscounted', () => {
    const header = ['NO_CATATAN', 'NIK', 'KD_JENIS', 'NAMA_LAMA', 'NAMA_BARU', 'NIK_AYAH', 'NAMA_AYAH', 'NO_PENETAPAN', 'NAMA_PN', 'TGL_PENETAPAN', 'TGL_CATAT', 'STATUS'];
    const row = ['N1', '3674010101190003', '05', 'A', 'B', '', '', 'X', 'PN', '01012020', '02012020', 'A'];
    expect(exportProblem(decodeFile(encodeFile([header, row, ['TRL', '1', '02012026']])))).toBeUndefined();
    expect(exportProblem(decodeFile(encodeFile([header, row])))).toMatch(/trailer/);
    expect(exportProblem(decodeFile(encodeFile([header, row, ['TRL', '2', '02012026']])))).toMatch(/counts/);
    expect(exportProblem(decodeFile(encodeFile([header.slice(1), row])))).toMatch(/header/);
  });
});
