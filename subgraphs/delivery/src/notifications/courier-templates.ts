import type { NotificationChannel } from '@adapters/notifikasi';
import type { CourierOrderStatus } from '@adapters/ojol';
import type { CourierNotifyOrder } from './order';
import { cleanNote, cut, plain, SMS_LIMIT, WHATSAPP_REASON_LIMIT } from './templates';

/**
 * What the resident reads when the courier bringing their document (DELIVERY) or fetching their
 * papers (PICKUP) moves on, in Bahasa Indonesia, by the same rules as the request's notices
 * (templates.ts): plain ASCII, one SMS part, no NIK or other long number. The courier's name and
 * plate are told (the resident opens the door to them); the receiver's name is not (whoever holds
 * the family card's phone need not learn who took the document).
 */
type Kind = CourierNotifyOrder['kind'];
type Notice = Pick<CourierNotifyOrder, 'kind' | 'status' | 'item' | 'courier' | 'reason'>;

const BODY: Readonly<Record<CourierOrderStatus, (item: string, kind: Kind, courier: string) => string>> = {
  SEARCHING_COURIER: (item, kind) => (kind === 'DELIVERY' ? `Kami sedang mencarikan kurir untuk mengantar ${item} Anda.` : `Kami sedang mencarikan kurir untuk menjemput ${item} Anda.`),
  COURIER_ASSIGNED: (item, kind, courier) => `Kurir ${courier}akan ${kind === 'DELIVERY' ? 'mengantar' : 'menjemput'} ${item} Anda.`,
  PICKED_UP: (item, kind) => (kind === 'DELIVERY' ? `${item} Anda sudah dibawa kurir dan sedang diantar ke alamat Anda.` : `${item} Anda sudah dijemput kurir dan sedang dibawa ke kantor kami.`),
  DELIVERED: (item, kind) => (kind === 'DELIVERY' ? `${item} Anda sudah diserahkan oleh kurir. Terima kasih.` : `${item} Anda sudah kami terima di kantor. Terima kasih.`),
  FAILED: (item, kind) => `${kind === 'DELIVERY' ? 'Pengantaran' : 'Penjemputan'} ${item} Anda tidak berhasil.`,
  CANCELLED: (item, kind) => `${kind === 'DELIVERY' ? 'Pengantaran' : 'Penjemputan'} ${item} Anda dibatalkan.`,
};

/** What the courier carries, made fit to send (numbers blanked, ASCII, short): 'KTP-el', 'Berkas persyaratan KK'. */
function itemName(item: string): string {
  return cut(cleanNote(item), 40) || 'dokumen';
}

/** The text for a courier order's status change on `channel`, signed by `sender`. */
export function renderCourierNotice(notice: Notice, channel: NotificationChannel, sender: string): string {
  const courier = notice.courier ? `${plain(notice.courier.name).trim()} (${plain(notice.courier.plate).trim()}) ` : '';
  const head = `${plain(sender)}: ${BODY[notice.status](itemName(notice.item), notice.kind, courier)}`;
  const reason = notice.status === 'FAILED' || notice.status === 'CANCELLED' ? cleanNote(notice.reason) : '';
  if (channel === 'WHATSAPP') return reason ? `${head} Alasan: ${cut(reason, WHATSAPP_REASON_LIMIT)}` : head;
  const room = SMS_LIMIT - head.length - ' Alasan: '.length;
  return reason && room >= 20 ? `${head} Alasan: ${cut(reason, room)}` : cut(head, SMS_LIMIT);
}
