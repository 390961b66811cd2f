import type { ResidentResolvers } from '../generated/resolvers-types';
import { todayIn } from '@core/tenants';
import { cardsFor } from '../identity-cards/loaders';
import { ageOn } from '@core/domain/age';

export const Resident: ResidentResolvers = {
  // Other subgraphs refer to a resident by NIK only: load the full record (batched).
  __resolveReference: async ({ nik }, { siak }) => await siak.residentByNik.load(nik),

  // On the tenant's calendar: at 23:30 in Jakarta it is already tomorrow for a resident, whatever the server's zone.
  age: (resident, _args, { tenant }) => ageOn(resident.birthDate, todayIn(tenant.timeZone)),

  family: async (resident, _args, { siak }) => (resident.familyNumber ? await siak.familyByNumber.load(resident.familyNumber) : null),

  address: async (resident, _args, { siak }) => {
    if (!resident.familyNumber) return null;
    return (await siak.familyByNumber.load(resident.familyNumber))?.address ?? null;
  },

  // The two KTP-el parts load in their own fields (IdentityCard.ts), each from its own application.
  identityCard: (resident) => ({ nik: resident.nik }),

  childIdCard: async (resident, _args, { cards }) => await cardsFor(cards, 'kia').loaders.kia.kiaByNik.load(resident.nik),

  // The IKD register holds only residents who opened the app: anyone else has not activated one.
  digitalId: async (resident, _args, { cards }) =>
    (await cardsFor(cards, 'ikd').loaders.ikd.digitalIdByNik.load(resident.nik)) ?? { nik: resident.nik, state: 'NOT_ACTIVATED', registeredAt: null, activatedAt: null, platform: null, suspensionNote: null },
};
