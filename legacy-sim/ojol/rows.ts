import { planRegency } from '../world/geography';
import { dayToIso, isoToDay } from '../world/dates';
import { Random } from '../world/random';
import type { WorldFamily, WorldOptions } from '../world/types';
import { ALASAN_BATAL_MITRA, ALASAN_GAGAL, drawCourier } from './couriers';
import { feeFor, KANTOR_DINAS, kelurahanPoint, roadMeters, round7 } from './geo';
import { orderNumber, partnerPhone, type OrderRow, type RiwayatRow, type TarifRow } from './orders';
import { DIBATALKAN_OLEH, STATUS, type Jenis } from './schema';

/**
 * The orders already at the partner, drawn from the world. Deterministic: one PRNG stream of its
 * own, consumed family by family in the world's order. About one family in thirty had a finished
 * document (KTP-el, KK, a birth deed) brought home by an ojol courier over the 90 days before the
 * world's reference date, a third of them after a courier had first fetched their requirement
 * documents. All are over: most delivered with proof, a few failed or cancelled.
 */
export interface SeededOrder {
  tarif: Omit<TarifRow, 'id_tarif' | 'id_order'>;
  order: Omit<OrderRow, 'id_order' | 'no_order'>;
  riwayat: Array<Omit<RiwayatRow, 'id_riwayat' | 'id_order'>>;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

export class OrderHistory {
  private readonly rng: Random;
  private readonly referenceDay: number;
  private readonly kelurahanNames: Map<string, string>;

  constructor(world: WorldOptions) {
    this.rng = new Random((world.seed ^ 0x6f6a6f6c) >>> 0);
    this.referenceDay = isoToDay(world.referenceDate);
    this.kelurahanNames = new Map(planRegency(world.regencyCode).kecamatan.flatMap((k) => k.kelurahan.map((l) => [l.code, l.name] as const)));
  }

  ordersFor(family: WorldFamily): SeededOrder[] {
    const rng = this.rng;
    if (!rng.chance(1 / 30)) return [];
    const head = family.members[0]!;
    const home = {
      alamat: `${family.street} RT ${pad(family.rt, 3)}/RW ${pad(family.rw, 3)}, ${this.kelurahanNames.get(family.kelurahanCode) ?? family.kelurahanCode} ${family.postalCode}`,
      ...this.near(kelurahanPoint(family.kelurahanCode)),
      nama: rng.chance(0.5) ? head.name.toUpperCase() : head.name,
      telp: family.phone ?? `08${rng.pick(['12', '13', '21', '57', '77'])}${pad(rng.int(0, 99_999_999), 8)}`,
    };
    const document = rng.weighted<string>([['KTP-EL', 50], ['KARTU KELUARGA', 30], ['AKTA KELAHIRAN', 20]]);
    const deliveryDay = this.referenceDay - rng.int(1, 90);
    const out: SeededOrder[] = [];
    if (rng.chance(1 / 3)) {
      out.push(this.order('JEMPUT', home, { ...KANTOR_DINAS }, `BERKAS PERSYARATAN ${document}`, deliveryDay - rng.int(2, 7), 'pickup'));
    }
    out.push(this.order('ANTAR', { ...KANTOR_DINAS }, home, `${document} A.N. ${head.name.toUpperCase()}`, deliveryDay, 'delivery'));
    return out;
  }

  private near(p: { lat: number; lon: number }): { lat: number; lon: number } {
    return { lat: round7(p.lat + (this.rng.next() - 0.5) * 0.01), lon: round7(p.lon + (this.rng.next() - 0.5) * 0.01) };
  }

  private stamp(day: number, minuteOfDay: number, plusSeconds = 0): string {
    const total = minuteOfDay * 60 + plusSeconds;
    return `${dayToIso(day)} ${pad(Math.floor(total / 3600) % 24)}:${pad(Math.floor(total / 60) % 60)}:${pad(total % 60)}`;
  }

  private order(jenis: Jenis, asal: Place, tujuan: Place, barang: string, day: number, purpose: 'pickup' | 'delivery'): SeededOrder {
    const rng = this.rng;
    const jarak = roadMeters(asal, tujuan);
    const biaya = feeFor(jarak);
    const start = rng.int(8 * 60, 15 * 60);
    let seconds = 0;
    const at = (extra: number) => this.stamp(day, start, (seconds += extra));
    const dibuat = at(0);
    const riwayat: SeededOrder['riwayat'] = [{ kode_status: STATUS.MENCARI_DRIVER, keterangan: null, waktu: dibuat }];
    const order: SeededOrder['order'] = {
      ref_mitra: `${purpose === 'pickup' ? 'JMP' : 'ANT'}-${dibuat.slice(0, 10).replace(/-/g, '')}-${pad(rng.int(1, 99_999), 5)}`,
      jenis,
      kode_tarif: `TRF${dibuat.slice(2, 10).replace(/-/g, '')}${rng.int(0, 0xffffffff).toString(16).toUpperCase().padStart(8, '0')}${pad(rng.int(0, 99), 2)}`,
      asal_alamat: asal.alamat, asal_lat: asal.lat, asal_lon: asal.lon, asal_nama: asal.nama, asal_telp: partnerPhone(asal.telp),
      tujuan_alamat: tujuan.alamat, tujuan_lat: tujuan.lat, tujuan_lon: tujuan.lon, tujuan_nama: tujuan.nama, tujuan_telp: partnerPhone(tujuan.telp),
      barang,
      catatan: rng.chance(0.3) ? 'Mohon hubungi sebelum datang' : null,
      jarak_m: jarak,
      biaya,
      kode_status: STATUS.MENCARI_DRIVER,
      driver_nama: null, driver_plat: null, driver_telp: null,
      penerima_nama: null, foto_bukti: null, waktu_terima: null, lat_terima: null, lon_terima: null,
      alasan: null, dibatalkan_oleh: null,
      dibuat,
      diubah: dibuat,
    };
    const step = (kode: number, keterangan: string | null, extra: number) => {
      const waktu = at(extra);
      riwayat.push({ kode_status: kode, keterangan, waktu });
      order.kode_status = kode;
      order.diubah = waktu;
      return waktu;
    };
    const outcome = rng.weighted<string>([['delivered', 85], ['failed', 7], ['cancelled', 8]]);
    if (outcome === 'cancelled') {
      const byPartner = rng.chance(0.5);
      order.alasan = byPartner ? rng.pick(ALASAN_BATAL_MITRA) : 'DIBATALKAN PELANGGAN';
      order.dibatalkan_oleh = byPartner ? DIBATALKAN_OLEH.MITRA : DIBATALKAN_OLEH.PELANGGAN;
      step(STATUS.DIBATALKAN, order.alasan, rng.int(60, 900));
    } else {
      const courier = drawCourier(rng);
      Object.assign(order, { driver_nama: courier.nama, driver_plat: courier.plat, driver_telp: courier.telp });
      step(STATUS.DRIVER_DITEMUKAN, `${courier.nama} ${courier.plat}`, rng.int(30, 600));
      step(STATUS.DIJEMPUT, null, rng.int(600, 1800));
      if (outcome === 'failed') {
        order.alasan = rng.pick(ALASAN_GAGAL);
        step(STATUS.GAGAL, order.alasan, rng.int(900, 3600));
      } else {
        const waktu = step(STATUS.SELESAI, `DITERIMA ${tujuan.nama}`, rng.int(900, 3600));
        Object.assign(order, { penerima_nama: tujuan.nama, foto_bukti: `bukti/${order.ref_mitra}.jpg`, waktu_terima: waktu, lat_terima: round7(tujuan.lat + 0.0001), lon_terima: round7(tujuan.lon - 0.0001) });
      }
    }
    const tarif: SeededOrder['tarif'] = {
      kode_tarif: order.kode_tarif, jenis, asal_lat: asal.lat, asal_lon: asal.lon, tujuan_lat: tujuan.lat, tujuan_lon: tujuan.lon, jarak_m: jarak, biaya,
      dibuat, berlaku_sampai: this.stamp(day, start, -60 + 600),
    };
    return { tarif, order, riwayat };
  }
}

interface Place {
  alamat: string;
  lat: number;
  lon: number;
  nama: string;
  telp: string;
}

export interface NumberedOrders {
  tarif: TarifRow[];
  orders: OrderRow[];
  riwayat: RiwayatRow[];
}

/** Seeded orders in the order they were placed: ids, order numbers and log ids follow time. */
export function numberOrders(seeded: SeededOrder[]): NumberedOrders {
  const sorted = [...seeded].sort((a, b) => (a.order.dibuat < b.order.dibuat ? -1 : a.order.dibuat > b.order.dibuat ? 1 : 0));
  const tarif: TarifRow[] = [];
  const orders: OrderRow[] = [];
  const riwayat: Array<Omit<RiwayatRow, 'id_riwayat'>> = [];
  sorted.forEach((s, i) => {
    const id = i + 1;
    orders.push({ ...s.order, id_order: id, no_order: orderNumber(s.order.dibuat, id) });
    tarif.push({ ...s.tarif, id_tarif: id, id_order: id });
    for (const r of s.riwayat) riwayat.push({ ...r, id_order: id });
  });
  riwayat.sort((a, b) => (a.waktu < b.waktu ? -1 : a.waktu > b.waktu ? 1 : a.id_order - b.id_order));
  return { tarif, orders, riwayat: riwayat.map((r, i) => ({ ...r, id_riwayat: i + 1 })) };
}
