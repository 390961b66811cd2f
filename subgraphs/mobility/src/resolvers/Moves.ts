import { regions } from '@core/domain/regions';
import type { ArrivalResolvers, ForeignResidentResolvers, ForeignerAddressResolvers, MoveOutLetterResolvers, MoveOutRequestResolvers, MovePlaceResolvers } from '../generated/resolvers-types';

export const MoveOutLetter: MoveOutLetterResolvers = {
  number: (letter) => letter.letterNumber,
  applicant: (letter) => ({ nik: letter.applicantNik }),
  movers: (letter) => letter.movers.map((nik) => ({ nik })),
  leavesCity: (letter) => letter.leavesRegency,
};

export const MovePlace: MovePlaceResolvers = {
  regionName: (place) => regions().get(place.regionCode)?.name ?? null,
};

export const Arrival: ArrivalResolvers = {
  number: (arrival) => arrival.arrivalNumber,
  people: (arrival) => arrival.arrivingNiks.map((nik) => ({ nik })),
  destination: (arrival) => ({ regionCode: arrival.destinationRegionCode, address: arrival.destinationAddress }),
};

export const MoveOutRequest: MoveOutRequestResolvers = {
  // The letter as pindah-keluar holds it now, row-checked and audited like any read.
  letter: async (request, _args, { loaders }) => (request.letterNumber ? await loaders.moveOutLetterByNumber.load(request.letterNumber) : null),
};

export const ForeignResident: ForeignResidentResolvers = {
  address: (foreigner) => foreigner,
};

export const ForeignerAddress: ForeignerAddressResolvers = {
  kelurahan: (foreigner) => ({ code: foreigner.kelurahanCode, name: regions().get(foreigner.kelurahanCode)?.name ?? foreigner.kelurahanCode }),
};
