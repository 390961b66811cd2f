import { biayaOf, smsParts } from './parts';
import { normaliseTujuan, operatorKnown } from './phones';
import { planFor } from './plan';

describe('notifikasi: parts, numbers and plans', () => {
  it('counts SMS parts as the operators do: 160/153 in GSM, 70/67 in UCS-2, extension characters twice', () => {
    expect(smsParts('a'.repeat(160))).toEqual({ encoding: 'GSM', parts: 1 });
    expect(smsParts('a'.repeat(161))).toEqual({ encoding: 'GSM', parts: 2 });
    expect(smsParts('a'.repeat(306))).toEqual({ encoding: 'GSM', parts: 2 });
    expect(smsParts('a'.repeat(307))).toEqual({ encoding: 'GSM', parts: 3 });
    expect(smsParts(`${'a'.repeat(159)}€`)).toEqual({ encoding: 'GSM', parts: 2 });
    expect(smsParts('Selamat pagi, KTP-el Anda sudah jadi; éàÄ')).toEqual({ encoding: 'GSM', parts: 1 });
    expect(smsParts('a'.repeat(70).replace('a', 'ā'))).toEqual({ encoding: 'UCS2', parts: 1 });
    expect(smsParts('ā'.repeat(71))).toEqual({ encoding: 'UCS2', parts: 2 });
    expect(smsParts('🙏'.repeat(35))).toEqual({ encoding: 'UCS2', parts: 1 });
    expect(biayaOf('SMS', 3)).toBe(1050);
    expect(biayaOf('WA', 1)).toBe(500);
  });

  it('reads Indonesian mobile numbers in any spelling as 628…, and knows the operators\' prefixes', () => {
    for (const spelled of ['081234567890', '+6281234567890', '6281234567890', '0812-3456-7890', '(0812) 3456 7890', '+62 812.3456.7890']) expect(normaliseTujuan(spelled)).toBe('6281234567890');
    for (const bad of ['0212345678', '+6512345678', '0812', '08123456789012345', 'abc', '']) expect(normaliseTujuan(bad)).toBeUndefined();
    expect(operatorKnown('6281234567890')).toBe(true);
    expect(operatorKnown('6280012345678')).toBe(false);
  });

  it('draws the same outcome for the same seed and id, at the failure rate asked', () => {
    const rules = { seed: 7, failureRate: 0.3, sendDelayMs: 2_000, reportDelayMs: 5_000 };
    const at = new Date('2026-11-30T02:00:00Z');
    const plans = Array.from({ length: 1_000 }, (_, i) => planFor(rules, i + 1, 'SMS', '6281234567890', at));
    expect(Array.from({ length: 1_000 }, (_, i) => planFor(rules, i + 1, 'SMS', '6281234567890', at))).toEqual(plans);
    const failed = plans.filter((p) => p.status === 9).length;
    expect(failed).toBeGreaterThan(240);
    expect(failed).toBeLessThan(360);
    expect(new Set(plans.filter((p) => p.status === 9).map((p) => p.gagal))).toEqual(new Set(['E02', 'E04']));
    expect(plans.every((p) => p.kirim.getTime() === at.getTime() + 2_000)).toBe(true);
    // E04 comes at handover; E02 after it.
    expect(plans.filter((p) => p.gagal === 'E04').every((p) => p.laporan.getTime() === p.kirim.getTime())).toBe(true);
    expect(plans.filter((p) => p.gagal === 'E02').every((p) => p.laporan.getTime() === p.kirim.getTime() + 5_000)).toBe(true);
    expect(planFor({ ...rules, failureRate: 0 }, 3, 'SMS', '6280012345678', at)).toMatchObject({ status: 9, gagal: 'E01' });
    expect(planFor({ ...rules, failureRate: 0 }, 3, 'WA', '6280012345678', at)).toMatchObject({ status: 9, gagal: 'E03' });
    const wa = Array.from({ length: 200 }, (_, i) => planFor({ ...rules, failureRate: 0 }, i + 1, 'WA', '6281234567890', at).status);
    expect(new Set(wa)).toEqual(new Set([3, 4]));
  });
});
