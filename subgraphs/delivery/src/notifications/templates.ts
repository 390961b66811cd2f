import type { RequestStatus, ServiceKind } from '@core/domain/services';
import type { NotificationChannel } from '@adapters/notifikasi';

/**
 * What the resident reads when their request changes status, in Bahasa Indonesia: one template per
 * status, with the service named as the office names it. The gateway carries text only, so the
 * wording is ours.
 *
 * Rules the texts keep (templates.test.ts checks every status × service × channel):
 * - SMS: one part, 160 GSM characters; the texts are plain ASCII (no GSM extension characters,
 *   nothing that turns the message into UCS-2 with 70 characters a part), so an officer's note is
 *   transliterated and cut to what is left;
 * - no NIK, KK number or other long number (personal data law, UU 27/2022): an officer's note may
 *   carry one ("NIK 3674… tidak sesuai"); it is blanked out, never sent;
 * - no name: the phone is the family card's, and whoever holds it need not learn whose request it is.
 */
export const SERVICE_NAMES: Readonly<Record<ServiceKind, string>> = {
  FIRST_ID_CARD: 'KTP-el pertama',
  ID_CARD_REPLACEMENT: 'penggantian KTP-el',
  FAMILY_CARD_NEW: 'Kartu Keluarga baru',
  FAMILY_CARD_CHANGE: 'perubahan Kartu Keluarga',
  CHILD_ID_CARD: 'Kartu Identitas Anak (KIA)',
  BIRTH_REGISTRATION: 'akta kelahiran',
  DEATH_REGISTRATION: 'akta kematian',
  MARRIAGE_REGISTRATION: 'akta perkawinan',
  DIVORCE_REGISTRATION: 'akta perceraian',
  COURT_ORDERED_CHANGE: 'catatan pinggir akta',
  MOVE_OUT: 'surat pindah (SKPWNI)',
  MOVE_IN: 'pindah datang',
  FOREIGNER_REGISTRATION: 'pendaftaran orang asing (SKTT)',
  DIGITAL_ID_ACTIVATION: 'aktivasi IKD',
  LEGALISATION: 'legalisir dokumen',
  DOCUMENT_PRINT: 'cetak dokumen di ADM',
};

/** A request whose application does not say which service it is. */
const ANY_SERVICE = 'layanan kependudukan';

/** Statuses a resident is told about: a DRAFT is their own unsent form, nothing to announce. */
export const NOTIFIED_STATUSES: ReadonlySet<RequestStatus> = new Set<RequestStatus>(['SUBMITTED', 'VERIFYING', 'IN_PROCESS', 'READY', 'COMPLETED', 'REJECTED', 'CANCELLED']);

const BODY: Readonly<Record<Exclude<RequestStatus, 'DRAFT'>, (service: string) => string>> = {
  SUBMITTED: (s) => `Permohonan ${s} Anda telah diterima. Kami kabari setiap perubahan statusnya.`,
  VERIFYING: (s) => `Berkas permohonan ${s} Anda sedang diperiksa petugas.`,
  IN_PROCESS: (s) => `Permohonan ${s} Anda sedang diproses.`,
  READY: (s) => `Dokumen ${s} Anda sudah jadi dan siap diambil atau dikirim.`,
  COMPLETED: (s) => `Permohonan ${s} Anda telah selesai. Terima kasih.`,
  REJECTED: (s) => `Permohonan ${s} Anda ditolak.`,
  CANCELLED: (s) => `Permohonan ${s} Anda dibatalkan.`,
};

export const SMS_LIMIT = 160;
/** WhatsApp takes 4096; a reason longer than this is a document, not a notification. */
export const WHATSAPP_REASON_LIMIT = 500;

export interface StatusNotice {
  status: RequestStatus;
  service: ServiceKind | null;
  /** The officer's note; shown only with REJECTED (the reason), blanked of numbers. */
  note: string | null;
}

/**
 * The text for `notice` on `channel`, signed by `sender` (e.g. 'Disdukcapil Tangsel'), or null for
 * a status nobody is told about.
 */
export function renderNotice(notice: StatusNotice, channel: NotificationChannel, sender: string): string | null {
  if (notice.status === 'DRAFT' || !NOTIFIED_STATUSES.has(notice.status)) return null;
  const service = (notice.service && SERVICE_NAMES[notice.service]) ?? ANY_SERVICE;
  const head = `${plain(sender)}: ${BODY[notice.status](service)}`;
  const reason = notice.status === 'REJECTED' ? cleanNote(notice.note) : '';
  if (channel === 'WHATSAPP') return reason ? `${head} Alasan: ${cut(reason, WHATSAPP_REASON_LIMIT)}` : head;
  if (!reason) return cut(head, SMS_LIMIT);
  const room = SMS_LIMIT - head.length - ' Alasan: '.length;
  // Too little room for a useful reason: the resident learns it at the office or on the portal.
  return room >= 20 ? `${head} Alasan: ${cut(reason, room)}` : cut(head, SMS_LIMIT);
}

/** Runs of 8 digits or more (NIK, KK, phone, document numbers) never leave in a message. */
const LONG_NUMBER = /\d[\d .-]{6,}\d/g;

/** An officer's note made fit to send: numbers blanked, plain ASCII, one line. */
export function cleanNote(note: string | null): string {
  if (!note) return '';
  const masked = note.replace(LONG_NUMBER, (run) => (run.replace(/\D/g, '').length >= 8 ? '(disamarkan)' : run));
  return plain(masked).trim();
}

/**
 * Plain printable ASCII without the GSM extension characters (^ { } \ [ ] ~ |, which take two
 * places): accents dropped, typographic quotes and dashes made plain, anything else a blank.
 */
export function plain(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[\u2018\u2019\u201a\u2032`]/g, "'")
    .replace(/[\u201c\u201d\u201e\u2033]/g, '"')
    .replace(/[\u2013\u2014\u2212]/g, '-')
    .replace(/\u2026/g, '...')
    .replace(/[{[]/g, '(')
    .replace(/[}\]]/g, ')')
    .replace(/[^\x20-\x7e]|[\\^~|]/g, ' ')
    .replace(/ {2,}/g, ' ');
}

/** At most `limit` characters, cut at a word where one is near, marked with '...'. */
export function cut(text: string, limit: number): string {
  if (text.length <= limit) return text;
  const room = text.slice(0, limit - 3);
  const space = room.lastIndexOf(' ');
  return `${(space > limit / 2 ? room.slice(0, space) : room).trimEnd()}...`;
}
