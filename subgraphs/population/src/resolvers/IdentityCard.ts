import type { IdentityCardResolvers } from '../generated/resolvers-types';
import { cardsFor } from '../identity-cards/loaders';

/** Each part from its own application: one of them down nulls only its own part. */
export const IdentityCard: IdentityCardResolvers = {
  // Enrolments come newest first: the newest says where the resident stands now.
  enrolment: async ({ nik }, _args, { cards }) => (await cardsFor(cards, 'ktp-rekam').loaders.ktpRekam.enrolmentsByNik.load(nik))[0] ?? null,

  printJobs: async ({ nik }, _args, { cards }) => await cardsFor(cards, 'ktp-cetak').loaders.ktpCetak.printJobsByNik.load(nik),
};
