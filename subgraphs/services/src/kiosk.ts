import type { AdmKioskPort, KioskDocumentKind, KioskPrintRequest, PrintState } from '@adapters/adm-kiosk';
import type { SiakPort } from '@adapters/siak';
import { recordAccess, type AuditWriter } from '@core/audit';
import type { RequestContext } from '@core/context/request-context';
import type { Deadline } from '@core/deadline';
import { ErrorCode, GerbangError, badUserInput } from '@core/errors';
import { checkIdempotencyKey } from '@core/outbox';
import { todayIn, type Tenant } from '@core/tenants';
import { requireKk, requireNik } from '@core/validation';
import { parseRequestId, requestId } from './ids';
import type { ServicesLoaders } from './loaders';
import type { RequestRows } from './row-access';
import type { ServiceRouting } from './routing/routing';
import { ADM_KIOSK, fromPrintRequest } from './sources/adm-kiosk';
import type { ServiceRequestRecord } from './sources/source';
import { clientReference } from './writers';

/**
 * Mall kiosks (adm-kiosk): a resident asks for a one-time PIN for a document of their own family;
 * a kiosk redeems it and prints; the resident may withdraw an unused PIN.
 *
 * Every write here is synchronous, not through the outbox: a PIN is useful only now (it expires in
 * 15 minutes, and the resident is waiting for the digits), a kiosk is printing for someone standing
 * in front of it, and the PIN must not be kept anywhere on Gerbang's side (an outbox row would
 * hold the answer). The application down is LEGACY_UNAVAILABLE. The PIN's digits appear only in
 * requestPin's answer: never in a record, an audit entry, a log line or an error.
 */
export const PIN_OPERATION = 'requestKioskPin';
export const REDEEM_OPERATION = 'redeemKioskPin';
export const WITHDRAW_OPERATION = 'withdrawKioskPin';
export const PRINT_OPERATION = 'kioskPrint';

/** What a kiosk can check for real here: the family card against SIAK, a child's NIK against its family. */
const PRINTABLE: readonly KioskDocumentKind[] = ['FAMILY_CARD', 'CHILD_ID_CARD'];
/** A KIA is a child's card: under 17. */
const KIA_AGE = 17;

export interface KioskPinView {
  pin: string;
  validUntil: string;
  request: ServiceRequestRecord;
}

/** What a kiosk is told: what to print and how far it is, never who asked. */
export interface KioskPrintView {
  id: string;
  document: KioskDocumentKind | null;
  documentNumber: string;
  state: PrintState | null;
  startedAt: string | null;
  expectedDoneAt: string | null;
  endedAt: string | null;
  failureReason: string | null;
}

export interface KioskWork {
  requestPin(input: { document: KioskDocumentKind; number: string }, key: string): Promise<KioskPinView>;
  withdrawPin(id: string): Promise<ServiceRequestRecord>;
  redeemPin(pin: string): Promise<KioskPrintView>;
  print(id: string): Promise<KioskPrintView | null>;
}

export interface KioskDeps {
  port?: AdmKioskPort;
  siak: SiakPort;
  audit: AuditWriter;
}

const forbidden = (reason: string, message: string) => new GerbangError(ErrorCode.FORBIDDEN, message, { reason });

export function printView(r: KioskPrintRequest): KioskPrintView {
  return {
    id: requestId(ADM_KIOSK, r.id),
    document: r.document.kind,
    documentNumber: r.document.number,
    state: r.printState,
    startedAt: r.printStartedAt,
    expectedDoneAt: r.printExpectedAt,
    endedAt: r.printEndedAt,
    failureReason: r.failureReason,
  };
}

/** The child is under KIA_AGE today (office time): birth date plus 17 years is still to come. */
export function isChild(birthDate: string | null, today: string): boolean {
  if (!birthDate || !/^\d{4}-\d{2}-\d{2}/.test(birthDate)) return false;
  return `${String(Number(birthDate.slice(0, 4)) + KIA_AGE).padStart(4, '0')}${birthDate.slice(4, 10)}` > today;
}

/** The adapter names its own argument (`reference`): the caller sent an idempotency key or an id. */
function asArgument(error: unknown, argument: string): unknown {
  if (!(error instanceof GerbangError) || error.code !== ErrorCode.CONFLICT) return error;
  switch (error.extensions.reason) {
    case 'REFERENCE_IN_USE':
      return new GerbangError(ErrorCode.CONFLICT, 'This idempotency key was already used for another document: use a new key.', { argument, reason: 'IDEMPOTENCY_KEY_REUSED' });
    case 'PIN_NO_LONGER_USABLE':
      return new GerbangError(ErrorCode.CONFLICT, 'This PIN can no longer be used (it was used, expired or withdrawn); ask for a new one with a new key.', { argument, reason: 'PIN_NO_LONGER_USABLE', pinState: error.extensions.pinState ?? null });
    default:
      return error;
  }
}

export function kioskWork(deps: KioskDeps, request: RequestContext, tenant: Tenant, routing: ServiceRouting, rows: Pick<RequestRows, 'withheld'>, loaders: ServicesLoaders, deadline: Deadline): KioskWork {
  const { principal } = request;
  const scopes = new Set(principal.kind === 'anonymous' ? [] : principal.scopes ?? []);

  /** The resident asking (their own NIK from the token); staff do not ask PINs on anyone's behalf. */
  const residentNik = (): string => {
    if (principal.kind !== 'user' || !scopes.has('self:read') || !principal.nik) throw forbidden('RESIDENTS_ONLY', 'Only a resident asks for a kiosk PIN, for their own family\'s documents.');
    return principal.nik;
  };

  /** The kiosk calling: its principal id must be one of the tenant's kiosks (tenants/<id>.services.json). */
  const kioskId = (): string => {
    if (principal.kind === 'anonymous' || !scopes.has('kiosk:print')) throw forbidden('NO_ACCESS', 'Only the city\'s mall kiosks print with a PIN.');
    const id = principal.id.trim().toUpperCase();
    if (!routing.kiosks.includes(id)) throw forbidden('UNKNOWN_KIOSK', 'This machine is not one of the city\'s kiosks.');
    return id;
  };

  const kiosks = (): AdmKioskPort => {
    if (!deps.port || routing.route('DOCUMENT_PRINT', 'OFFLINE', 'MALL_KIOSK') !== ADM_KIOSK) {
      throw badUserInput('input', 'NOT_ROUTED', `${tenant.name} has no mall kiosks.`);
    }
    return deps.port;
  };

  const recordWrite = async (operation: string, niks: Array<string | null>) => {
    await recordAccess(deps.audit, request, { operation: `services.${operation}`, access: 'write', niks });
  };

  /** The document is the resident's family's, as SIAK has it (one statement for both NIKs). */
  async function checkOwnDocument(nik: string, kind: KioskDocumentKind, numberInput: string): Promise<{ number: string; niks: string[] }> {
    if (!PRINTABLE.includes(kind)) {
      // A deed lives in its own registry, which this subgraph does not reach: it cannot be checked
      // to be the family's, so it is not printed on the resident's word.
      throw badUserInput('input.document', 'NOT_PRINTABLE_AT_KIOSK_YET', 'Kiosk PINs are given for family cards and KIA for now; deeds are printed at the Dinas.');
    }
    const number = kind === 'FAMILY_CARD' ? requireKk(numberInput.trim(), 'input.number') : requireNik(numberInput.trim(), 'input.number');
    const found = await deps.siak.residentsByNik(kind === 'CHILD_ID_CARD' ? [nik, number] : [nik], deadline);
    const card = found.get(nik)?.familyNumber ?? null;
    const notYours = () => forbidden('NOT_YOUR_FAMILY', 'You may ask for a PIN only for your own family card and your own children\'s KIA.');
    if (!card) throw notYours();
    if (kind === 'FAMILY_CARD') {
      if (number !== card) throw notYours();
      return { number, niks: [nik] };
    }
    const child = found.get(number);
    if (!child || child.familyNumber !== card) throw notYours();
    if (!child.alive || !isChild(child.birthDate, todayIn(tenant.timeZone))) throw badUserInput('input.number', 'NOT_A_CHILD', `A KIA is the card of a living child under ${KIA_AGE}.`);
    return { number, niks: [nik, number] };
  }

  return {
    async requestPin(input, key) {
      checkIdempotencyKey(key);
      const nik = residentNik();
      const port = kiosks();
      const document = await checkOwnDocument(nik, input.document, input.number);
      await recordWrite(PIN_OPERATION, document.niks);
      // Per resident: the same key from two residents is two PINs, never one's PIN to the other.
      const reference = clientReference('KP', tenant.id, `${nik}:${key}`);
      try {
        const issued = await port.issuePin({ reference, applicantNik: nik, document: { kind: input.document, number: document.number }, via: 'WEB' }, deadline);
        return { pin: issued.pin, validUntil: issued.validUntil, request: fromPrintRequest(issued.request) };
      } catch (error) {
        throw asArgument(error, 'idempotencyKey');
      }
    },

    async withdrawPin(id) {
      const nik = residentNik();
      const ref = parseRequestId(id);
      if (ref.app !== ADM_KIOSK) throw badUserInput('id', 'NOT_A_KIOSK_PIN', 'This request is not a kiosk PIN.');
      const port = kiosks();
      // Read like any request first: row-checked (the resident's family) and audited.
      const current = await loaders.requestByRef.load(ref);
      if (!current) throw rows.withheld(`${ref.app}:${ref.localId}`) ?? new GerbangError(ErrorCode.NOT_FOUND, 'There is no such service request.', { reason: 'UNKNOWN_REQUEST' });
      if (current.applicantNik !== nik) throw forbidden('NOT_YOUR_PIN', 'Only the resident who asked for a PIN withdraws it.');
      await recordWrite(WITHDRAW_OPERATION, [nik, ...current.otherNiks]);
      try {
        return fromPrintRequest(await port.withdrawPin(ref.localId, deadline));
      } catch (error) {
        throw asArgument(error, 'id');
      }
    },

    async redeemPin(pin) {
      const kiosk = kioskId();
      const port = kiosks();
      let started: KioskPrintRequest;
      try {
        started = await port.redeemPin(kiosk, pin.trim(), deadline);
      } catch (error) {
        // The tenant lists a kiosk the application does not know: a configuration matter, not input.
        if (error instanceof GerbangError && error.extensions.reason === 'UNKNOWN_KIOSK') throw forbidden('UNKNOWN_KIOSK', 'This machine is not one of the city\'s kiosks.');
        throw error;
      }
      // Whose document it is is known only once the PIN is resolved: recorded before it is shown.
      // Should the trail refuse, the kiosk asks again and gets the same print (the adapter's rule).
      await recordWrite(REDEEM_OPERATION, [started.applicantNik, ...fromPrintRequest(started).otherNiks]);
      return printView(started);
    },

    async print(id) {
      const kiosk = kioskId();
      const ref = parseRequestId(id);
      if (ref.app !== ADM_KIOSK) return null;
      const found = (await kiosks().printRequestsById([ref.localId], deadline)).get(ref.localId);
      if (!found) return null;
      if (found.servicePoint.id !== kiosk) throw forbidden('NOT_THIS_KIOSK', 'A kiosk follows only the prints it runs.');
      await recordAccess(deps.audit, request, { operation: `services.${PRINT_OPERATION}`, niks: [found.applicantNik, ...fromPrintRequest(found).otherNiks] });
      return printView(found);
    },
  };
}
