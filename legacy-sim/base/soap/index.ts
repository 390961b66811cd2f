export { KODE, SoapFault, sudahAda, tidakDitemukan, tidakValid, type FaultCode, type KodeKesalahan } from './faults';
export { checkService, type SoapComplexType, type SoapField, type SoapLeafType, type SoapOperation, type SoapRequest, type SoapService } from './service';
export { faultEnvelope, parseRequest, responseEnvelope } from './envelope';
export { wsdlFor } from './wsdl';
export { WSDL_CALL, startSoapEmulator, type RunningSoapEmulator, type SoapCallCounts, type SoapEmulatorOptions } from './server';
