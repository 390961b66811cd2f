/**
 * How the gateway counts and bills a text, as its vendor does:
 * - SMS in the GSM 7-bit alphabet: 160 characters in one part; a longer text is sent in parts of
 *   153 (7 go to the header that joins them). The extension characters (^ { } \ [ ] ~ | €) take
 *   two places each.
 * - SMS with any other character (é is GSM, but ā, emoji or Arabic script are not): UCS-2, 70
 *   characters in one part, 67 per part beyond (counted in UTF-16 units: an emoji takes two).
 * - At most 6 parts; longer SMS are refused.
 * - WhatsApp: one message of up to 4096 characters, whatever it holds.
 * Billing is per SMS part, per WhatsApp message.
 */
const GSM_BASIC = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);
const GSM_EXTENSION = new Set('^{}\\[~]|€\f');

export const SMS_MAX_PARTS = 6;
export const WA_MAX_CHARS = 4096;
/** Rupiah per SMS part and per WhatsApp message (the city's contract). */
export const TARIF = { SMS: 350, WA: 500 } as const;

export interface Bagian {
  /** 'GSM' or 'UCS2' for SMS; 'WA' for WhatsApp. */
  encoding: 'GSM' | 'UCS2' | 'WA';
  parts: number;
}

/** GSM septets of the text, or undefined when it needs UCS-2. */
function septets(text: string): number | undefined {
  let n = 0;
  for (const ch of text) {
    if (GSM_BASIC.has(ch)) n += 1;
    else if (GSM_EXTENSION.has(ch)) n += 2;
    else return undefined;
  }
  return n;
}

/** How many parts an SMS text takes (may be more than SMS_MAX_PARTS: the caller refuses those). */
export function smsParts(text: string): Bagian {
  const gsm = septets(text);
  if (gsm !== undefined) return { encoding: 'GSM', parts: gsm <= 160 ? 1 : Math.ceil(gsm / 153) };
  const units = text.length;
  return { encoding: 'UCS2', parts: units <= 70 ? 1 : Math.ceil(units / 67) };
}

export function bagianOf(kanal: 'SMS' | 'WA', text: string): Bagian {
  return kanal === 'SMS' ? smsParts(text) : { encoding: 'WA', parts: 1 };
}

export function biayaOf(kanal: 'SMS' | 'WA', parts: number): number {
  return kanal === 'SMS' ? TARIF.SMS * parts : TARIF.WA;
}
