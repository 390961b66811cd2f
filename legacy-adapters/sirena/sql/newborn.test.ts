import { GerbangError } from '@core/errors';
import { noteWithNewborn, readNote } from './newborn';

/** The newborn's details in Sirena's note: written in one form, read back from it, other notes left alone. */
describe('Sirena newborn note', () => {
  it('writes the tag first, then the free note, and reads both back', () => {
    const note = noteWithNewborn('  lahir di rumah ', { sex: 'MALE', birthPlace: 'kab. batang' });
    expect(note).toBe('[BAYI JK:L TMPT:KAB. BATANG] lahir di rumah');
    expect(readNote(note)).toEqual({ newborn: { sex: 'MALE', birthPlace: 'KAB. BATANG' }, note: 'lahir di rumah' });
    expect(readNote(noteWithNewborn(undefined, { sex: 'FEMALE', birthPlace: 'Serpong' }))).toEqual({ newborn: { sex: 'FEMALE', birthPlace: 'SERPONG' }, note: null });
  });

  it('leaves a note typed otherwise in Sirena\'s screen as it is, without newborn details', () => {
    expect(readNote('BAYI PEREMPUAN, LAHIR DI RS')).toEqual({ newborn: null, note: 'BAYI PEREMPUAN, LAHIR DI RS' });
    expect(readNote('[BAYI JK:X TMPT:SERPONG]')).toEqual({ newborn: null, note: '[BAYI JK:X TMPT:SERPONG]' });
    expect(readNote(null)).toEqual({ newborn: null, note: null });
    expect(noteWithNewborn('  ', undefined)).toBeNull();
  });

  it('refuses a place the tag could not carry (a bracket would end it early)', () => {
    expect(() => noteWithNewborn(undefined, { sex: 'MALE', birthPlace: 'SERPONG] [BAYI JK:P' })).toThrow(GerbangError);
    expect(() => noteWithNewborn(undefined, { sex: 'MALE', birthPlace: ' ' })).toThrow(GerbangError);
  });
});
