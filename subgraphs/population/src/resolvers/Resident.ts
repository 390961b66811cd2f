import type { ResidentResolvers } from '../generated/resolvers-types';
import { ageOn } from './age';

export const Resident: ResidentResolvers = {
  // Other subgraphs refer to a resident by NIK only: load the full record (batched).
  __resolveReference: async ({ nik }, { siak }) => await siak.residentByNik.load(nik),

  age: (resident) => ageOn(resident.birthDate, new Date()),

  family: async (resident, _args, { siak }) => (resident.familyNumber ? await siak.familyByNumber.load(resident.familyNumber) : null),

  address: async (resident, _args, { siak }) => {
    if (!resident.familyNumber) return null;
    return (await siak.familyByNumber.load(resident.familyNumber))?.address ?? null;
  },
};
