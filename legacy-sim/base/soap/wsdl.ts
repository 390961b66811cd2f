import { complexTypeOf, type SoapField, type SoapService } from './service';
import { escapeXml } from './xml';

/**
 * The WSDL 1.1 an app serves at `GET <url>?wsdl`: document/literal over SOAP 1.1 HTTP, one
 * request and one response element per operation, the app's error element as the fault of every
 * operation. Generated from the same description that reads requests and writes answers.
 */
const XSD: Record<string, string> = { string: 'xsd:string', int: 'xsd:int', boolean: 'xsd:boolean' };

function elements(service: SoapService, fields: readonly SoapField[], indent: string): string {
  return fields
    .map((f) => {
      const type = XSD[f.type] ?? `tns:${f.type}`;
      const occurs = `${f.optional ? ' minOccurs="0"' : ''}${f.many ? ' maxOccurs="unbounded"' : ''}`;
      // Leaves may be sent empty or nil (the apps' blanks).
      const nillable = complexTypeOf(service, f.type) ? '' : ' nillable="true"';
      return `${indent}<xsd:element name="${f.name}" type="${type}"${occurs}${nillable}/>`;
    })
    .join('\n');
}

function sequence(service: SoapService, fields: readonly SoapField[], indent: string): string {
  if (fields.length === 0) return `${indent}<xsd:sequence/>`;
  return `${indent}<xsd:sequence>\n${elements(service, fields, `${indent}  `)}\n${indent}</xsd:sequence>`;
}

export function faultElementName(): string {
  return 'KesalahanLayanan';
}

export function wsdlFor(service: SoapService, location: string): string {
  const ns = escapeXml(service.namespace);
  const name = service.name;
  const types = service.types
    .map((t) => `      <xsd:complexType name="${t.name}">\n${sequence(service, t.fields, '        ')}\n      </xsd:complexType>`)
    .join('\n');
  const opElements = service.operations
    .map((op) => [
      `      <xsd:element name="${op.name}">\n        <xsd:complexType>\n${sequence(service, op.input, '          ')}\n        </xsd:complexType>\n      </xsd:element>`,
      `      <xsd:element name="${op.name}Response">\n        <xsd:complexType>\n${sequence(service, op.output, '          ')}\n        </xsd:complexType>\n      </xsd:element>`,
    ].join('\n'))
    .join('\n');
  const fault = faultElementName();
  const messages = service.operations
    .map((op) => `  <wsdl:message name="${op.name}Request">\n    <wsdl:part name="parameters" element="tns:${op.name}"/>\n  </wsdl:message>\n  <wsdl:message name="${op.name}Response">\n    <wsdl:part name="parameters" element="tns:${op.name}Response"/>\n  </wsdl:message>`)
    .join('\n');
  const portOps = service.operations
    .map((op) => `    <wsdl:operation name="${op.name}">\n      <wsdl:input message="tns:${op.name}Request"/>\n      <wsdl:output message="tns:${op.name}Response"/>\n      <wsdl:fault name="${fault}" message="tns:${fault}"/>\n    </wsdl:operation>`)
    .join('\n');
  const bindingOps = service.operations
    .map((op) => `    <wsdl:operation name="${op.name}">\n      <soap:operation soapAction="${ns}/${op.name}" style="document"/>\n      <wsdl:input><soap:body use="literal"/></wsdl:input>\n      <wsdl:output><soap:body use="literal"/></wsdl:output>\n      <wsdl:fault name="${fault}"><soap:fault name="${fault}" use="literal"/></wsdl:fault>\n    </wsdl:operation>`)
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<wsdl:definitions name="${name}" targetNamespace="${ns}"
  xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/"
  xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/"
  xmlns:xsd="http://www.w3.org/2001/XMLSchema"
  xmlns:tns="${ns}">
  <wsdl:types>
    <xsd:schema targetNamespace="${ns}" elementFormDefault="qualified">
${types}
${opElements}
      <xsd:element name="${fault}">
        <xsd:complexType>
          <xsd:sequence>
            <xsd:element name="Kode" type="xsd:string"/>
            <xsd:element name="Pesan" type="xsd:string"/>
          </xsd:sequence>
        </xsd:complexType>
      </xsd:element>
    </xsd:schema>
  </wsdl:types>
${messages}
  <wsdl:message name="${fault}">
    <wsdl:part name="detail" element="tns:${fault}"/>
  </wsdl:message>
  <wsdl:portType name="${name}PortType">
${portOps}
  </wsdl:portType>
  <wsdl:binding name="${name}Binding" type="tns:${name}PortType">
    <soap:binding style="document" transport="http://schemas.xmlsoap.org/soap/http"/>
${bindingOps}
  </wsdl:binding>
  <wsdl:service name="${name}">
    <wsdl:port name="${name}Port" binding="tns:${name}Binding">
      <soap:address location="${escapeXml(location)}"/>
    </wsdl:port>
  </wsdl:service>
</wsdl:definitions>
`;
}
