import type { RequestContext } from '@core/context/request-context';
import type { Deadline } from '@core/deadline';
import type { Tenant } from '@core/tenants';
import type { DocumentSignature } from '@adapters/tte';
import type { DocumentLoaders } from './loaders';
import type { DocumentRows } from './row-access';
import type { SignatureWrites } from './signing';
import type { Verifications } from './verification';

/** A resident as other subgraphs refer to one: by NIK only. */
export interface ResidentRef {
  nik: string;
}

export type DeliveryStateView = 'PENDING' | 'DELIVERED' | 'FAILED';

export interface DeliveryView {
  app: string;
  state: DeliveryStateView;
  attempts: number;
  errorCode: string | null;
}

/** A signing request as the API shows it (signDocument's answer and documentSigning). */
export interface DocumentSigningView {
  idempotencyKey: string;
  reference: string;
  replayed: boolean;
  archiveId: string;
  state: DeliveryStateView;
  deliveries: DeliveryView[];
  /** From tte's delivery result, once it signed; the resolver reads the signature back. */
  signatureId: string | null;
  /** Filled by the resolver: the signature as tte holds it now. */
  signature?: DocumentSignature | null;
}

/** A revocation as the API shows it. */
export interface SignatureRevocationView {
  idempotencyKey: string;
  signatureId: string;
  replayed: boolean;
  state: DeliveryStateView;
  deliveries: DeliveryView[];
  signature?: DocumentSignature | null;
}

/** What every documents resolver receives: who asks, until when, this request's loaders and writes. */
export interface DocumentsContext {
  request: RequestContext;
  tenant: Tenant;
  deadline: Deadline;
  /** Row-checked, audited, batched reads of the archive; integrity checks per document. */
  documents: DocumentLoaders;
  /** Why an archived document asked for by id was withheld (FORBIDDEN), if it was. */
  rows: Pick<DocumentRows, 'withheld'>;
  signatures: SignatureWrites;
  verifications: Verifications;
}
