import { XMLParser } from 'fast-xml-parser';
import { KODE, SoapFault } from './faults';
import { faultElementName } from './wsdl';
import { complexTypeOf, type SoapField, type SoapOperation, type SoapService } from './service';
import { SOAP11_ENVELOPE_NS, SOAP12_ENVELOPE_NS, XSI_NS, escapeXml } from './xml';

/**
 * SOAP 1.1 envelopes, read and written the way the estate's SOAP applications do: requests are
 * parsed with fast-xml-parser (namespace prefixes dropped, values kept as text so NIKs keep their
 * digits), decoded field by field from the operation's input definition; answers and faults are
 * written with the service's namespace as the default namespace of the response element.
 */
const parser = new XMLParser({
  ignoreAttributes: true,
  removeNSPrefix: true,
  parseTagValue: false,
  trimValues: true,
  processEntities: true,
});

export interface ParsedRequest {
  operation: SoapOperation;
  body: Record<string, unknown>;
  /** WS-Security UsernameToken, when the request carried one. */
  credentials?: { username: string; password: string };
}

function text(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  // An element with only attributes (xsi:nil) parses as an empty object.
  if (typeof value === 'object' && Object.keys(value).length === 0) return '';
  return undefined;
}

/** The namespace of the root Envelope element, from the raw text (prefixes are dropped by the parser). */
function envelopeNamespace(xml: string): string | undefined {
  const m = /<(?:([\w.-]+):)?Envelope\b([^>]*)>/.exec(xml);
  if (!m) return undefined;
  const attr = m[1] ? `xmlns:${m[1]}` : 'xmlns';
  const ns = new RegExp(`${attr.replace('.', '\\.')}\\s*=\\s*["']([^"']*)["']`).exec(m[2] ?? '');
  return ns?.[1];
}

function decodeFields(service: SoapService, fields: readonly SoapField[], node: unknown, path: string): Record<string, unknown> {
  const source = node && typeof node === 'object' ? (node as Record<string, unknown>) : {};
  const out: Record<string, unknown> = {};
  for (const field of fields) {
    const raw = source[field.name];
    if (raw === undefined) continue;
    const list = Array.isArray(raw) ? raw : [raw];
    if (!field.many && list.length > 1) throw new SoapFault(KODE.TIDAK_VALID, `ELEMEN ${field.name} BERULANG`);
    const complex = complexTypeOf(service, field.type);
    const decoded = list.map((item) => {
      if (complex) return decodeFields(service, complex.fields, item, `${path}.${field.name}`);
      const value = text(item);
      if (value === undefined) throw new SoapFault(KODE.TIDAK_VALID, `ELEMEN ${field.name} TIDAK VALID`);
      return value;
    });
    out[field.name] = field.many ? decoded : decoded[0];
  }
  return out;
}

export function parseRequest(service: SoapService, xml: string): ParsedRequest {
  let doc: Record<string, unknown>;
  try {
    doc = parser.parse(xml, true) as Record<string, unknown>;
  } catch {
    throw new SoapFault(KODE.FORMAT_SALAH, 'FORMAT PESAN SALAH');
  }
  const envelope = doc.Envelope as Record<string, unknown> | undefined;
  if (!envelope || typeof envelope !== 'object') throw new SoapFault(KODE.FORMAT_SALAH, 'FORMAT PESAN SALAH: BUKAN SOAP ENVELOPE');
  const ns = envelopeNamespace(xml);
  if (ns === SOAP12_ENVELOPE_NS) throw new SoapFault(KODE.FORMAT_SALAH, 'HANYA SOAP 1.1 YANG DIDUKUNG', 'VersionMismatch');
  if (ns !== SOAP11_ENVELOPE_NS) throw new SoapFault(KODE.FORMAT_SALAH, 'FORMAT PESAN SALAH: NAMESPACE ENVELOPE');
  const body = envelope.Body;
  if (!body || typeof body !== 'object') throw new SoapFault(KODE.FORMAT_SALAH, 'FORMAT PESAN SALAH: TANPA BODY');
  const [name, ...others] = Object.keys(body);
  if (!name || others.length > 0 || Array.isArray((body as Record<string, unknown>)[name])) throw new SoapFault(KODE.FORMAT_SALAH, 'SATU OPERASI PER PANGGILAN');
  const operation = service.operations.find((op) => op.name === name);
  if (!operation) throw new SoapFault(KODE.OPERASI_TIDAK_DIKENAL, `OPERASI TIDAK DIKENAL: ${name}`);
  const decoded = decodeFields(service, operation.input, (body as Record<string, unknown>)[name], name);
  const token = ((envelope.Header as Record<string, unknown> | undefined)?.Security as Record<string, unknown> | undefined)?.UsernameToken as Record<string, unknown> | undefined;
  const username = text(token?.Username);
  const password = text(token?.Password);
  return { operation, body: decoded, credentials: username !== undefined ? { username, password: password ?? '' } : undefined };
}

function encodeFields(service: SoapService, fields: readonly SoapField[], value: Record<string, unknown>): string {
  let out = '';
  for (const field of fields) {
    const raw = value[field.name];
    if (raw === undefined) continue;
    const list = field.many ? (Array.isArray(raw) ? raw : [raw]) : [raw];
    const complex = complexTypeOf(service, field.type);
    for (const item of list) {
      if (item === null) out += `<${field.name} xsi:nil="true"/>`;
      else if (complex) out += `<${field.name}>${encodeFields(service, complex.fields, item as Record<string, unknown>)}</${field.name}>`;
      else out += `<${field.name}>${escapeXml(String(item))}</${field.name}>`;
    }
  }
  return out;
}

function envelope(body: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?><soap:Envelope xmlns:soap="${SOAP11_ENVELOPE_NS}" xmlns:xsi="${XSI_NS}"><soap:Body>${body}</soap:Body></soap:Envelope>`;
}

export function responseEnvelope(service: SoapService, operation: SoapOperation, value: Record<string, unknown>): string {
  return envelope(`<${operation.name}Response xmlns="${escapeXml(service.namespace)}">${encodeFields(service, operation.output, value)}</${operation.name}Response>`);
}

export function faultEnvelope(service: Pick<SoapService, 'namespace'>, fault: SoapFault): string {
  const element = faultElementName();
  return envelope(
    `<soap:Fault><faultcode>soap:${fault.faultcode}</faultcode><faultstring>${escapeXml(fault.pesan)}</faultstring>`
    + `<detail><${element} xmlns="${escapeXml(service.namespace)}"><Kode>${fault.kode}</Kode><Pesan>${escapeXml(fault.pesan)}</Pesan></${element}></detail></soap:Fault>`,
  );
}
