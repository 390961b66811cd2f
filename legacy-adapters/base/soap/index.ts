export { SoapLegacyClient, type SoapAnswer, type SoapClientOptions, type SoapOperationKind } from './client';
export { faultFromSoapError, soapFaultOf, type SoapFaultDetail } from './faults';
export { asList, soapDate, soapInt, soapText } from './values';
