/**
 * How a SOAP legacy application describes itself to the SOAP emulator base: its namespace, the
 * complex types of its messages, and its operations (one request element in, one response element
 * out, document/literal as the vendors' Java and .NET stacks generated them). The same description
 * produces the WSDL the app serves (./wsdl.ts), reads requests (./envelope.ts) and writes answers,
 * so the three cannot drift apart.
 */
import type { IncomingHttpHeaders } from 'node:http';

/** Leaf types. Dates travel as xsd:string in these apps, in their own formats (a quirk adapters absorb). */
export type SoapLeafType = 'string' | 'int' | 'boolean';

export interface SoapField {
  name: string;
  /** A leaf type, or the name of one of the service's complex types. */
  type: SoapLeafType | string;
  /** minOccurs="0": may be left out. */
  optional?: boolean;
  /** maxOccurs="unbounded": repeated elements, read and written as an array. */
  many?: boolean;
}

export interface SoapComplexType {
  name: string;
  fields: readonly SoapField[];
}

/** A request as an operation receives it: its fields decoded by the operation's input definition. */
export interface SoapRequest {
  operation: string;
  /** Leaves as trimmed strings ('' for an empty element), `many` fields as arrays, absent fields undefined. */
  body: Record<string, unknown>;
  headers: IncomingHttpHeaders;
}

export interface SoapOperation {
  /** e.g. 'GetAktaPerkawinanByNikList'; the request element, and `${name}Response` the answer's. */
  name: string;
  input: readonly SoapField[];
  output: readonly SoapField[];
  /** The answer's fields; throw a SoapFault (./faults.ts) to answer with a soap:Fault. */
  handle(request: SoapRequest): Promise<Record<string, unknown>> | Record<string, unknown>;
  /** Extra time this operation always takes, on top of the server's latency. */
  slowMs?: number;
}

export interface SoapService {
  /** Catalogue id, for log lines and counters. */
  app: string;
  /** e.g. 'AktaPerkawinanService': the WSDL's service name. */
  name: string;
  /** Target namespace of the messages, e.g. 'http://disdukcapil.tangerangselatankota.go.id/ws/akta-kawin'. */
  namespace: string;
  types: readonly SoapComplexType[];
  operations: readonly SoapOperation[];
}

export const LEAF_TYPES: ReadonlySet<string> = new Set(['string', 'int', 'boolean']);

export function complexTypeOf(service: Pick<SoapService, 'types'>, type: string): SoapComplexType | undefined {
  return LEAF_TYPES.has(type) ? undefined : service.types.find((t) => t.name === type);
}

/** Every complex type a field refers to must be declared: checked once when the server starts. */
export function checkService(service: SoapService): void {
  const names = new Set<string>();
  const check = (fields: readonly SoapField[], where: string) => {
    for (const field of fields) {
      if (!LEAF_TYPES.has(field.type) && !complexTypeOf(service, field.type)) throw new Error(`${service.app}: ${where}.${field.name} has unknown type ${field.type}`);
    }
  };
  for (const type of service.types) check(type.fields, type.name);
  for (const op of service.operations) {
    if (names.has(op.name)) throw new Error(`${service.app}: operation ${op.name} declared twice`);
    names.add(op.name);
    check(op.input, op.name);
    check(op.output, `${op.name}Response`);
  }
}
