import type { CivilRegistryContext, RegistrationView } from '../context';
import type { CourtOrderedChangeRequestView } from '../court-ordered-change';
import type { ResolversTypes } from '../generated/resolvers-types';

/**
 * A registration's answer with its deed or annotation, read back from the registry as any read is
 * (row-checked, audited, batched): what the registry holds now, not what was sent.
 */
export async function withBirthDeed(view: RegistrationView, { deeds }: CivilRegistryContext): Promise<ResolversTypes['BirthRegistration']> {
  return { ...view, deed: view.deedNumber ? await deeds.birthDeedByNumber.load(view.deedNumber) : null };
}

export async function withMarriageDeed(view: RegistrationView, { deeds }: CivilRegistryContext): Promise<ResolversTypes['MarriageRegistration']> {
  return { ...view, deed: view.deedNumber ? await deeds.marriageDeedByNumber.load(view.deedNumber) : null };
}

export async function withAnnotation(view: CourtOrderedChangeRequestView, { deeds }: CivilRegistryContext): Promise<ResolversTypes['CourtOrderedChangeRequest']> {
  const number = view.annotationNumber;
  const annotation = number ? ((await deeds.annotationsByNik.load(view.nik)).find((a) => a.number === number) ?? null) : null;
  return { ...view, annotation };
}
