/**
 * How many parts an SMS takes, by the SMS standard (3GPP TS 23.038) that the gateway and every
 * operator apply: GSM 7-bit alphabet 160 characters in one part, 153 per part beyond (the
 * extension characters ^ { } \ [ ] ~ | € take two); anything else UCS-2, 70 in one part, 67 per
 * part beyond (UTF-16 units). Checked here so that a text the gateway would refuse is the
 * caller's BAD_USER_INPUT, naming the limit, before anything is sent.
 */
const GSM_BASIC = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);
const GSM_EXTENSION = new Set('^{}\\[~]|€\f');

export const MAX_SMS_PARTS = 6;
export const MAX_WHATSAPP_CHARS = 4096;

export function smsPartCount(text: string): number {
  let septets = 0;
  for (const ch of text) {
    if (GSM_BASIC.has(ch)) septets += 1;
    else if (GSM_EXTENSION.has(ch)) septets += 2;
    else return text.length <= 70 ? 1 : Math.ceil(text.length / 67);
  }
  return septets <= 160 ? 1 : Math.ceil(septets / 153);
}
