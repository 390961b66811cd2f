import type { CourtOrderedChangeResolvers, DeathDeedResolvers, DeathRegistrationResolvers, MarriageDeedResolvers } from '../generated/resolvers-types';

export const DeathDeed: DeathDeedResolvers = {
  reporterName: (deed) => deed.reporter.name,
};

export const MarriageDeed: MarriageDeedResolvers = {};

export const CourtOrderedChange: CourtOrderedChangeResolvers = {
  courtOrderNumber: (a) => a.courtOrder.number,
  court: (a) => a.courtOrder.court,
  courtOrderDate: (a) => a.courtOrder.date,
};

export const DeathRegistration: DeathRegistrationResolvers = {
  // The deed as akta-mati holds it now, row-checked and audited like any read.
  deed: async (registration, _args, { deeds }) => (registration.deedNumber ? await deeds.deathDeedByNumber.load(registration.deedNumber) : null),
};
