/**
 * What the identity-card resolvers pass down. An IdentityCard is only the resident's NIK: its
 * enrolment and print jobs are loaded by their own fields, each from its own application, so one
 * application down nulls only its own part.
 */
export interface IdentityCardModel {
  nik: string;
}
