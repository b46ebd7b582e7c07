/**
 * afxsock: MFC's socket classes for Node.js. This module only re-exports; nothing here loads
 * native code (the first socket call does).
 */

/* Windows Sockets vocabulary. */
export * from './wsa/constants.js';
export * from './wsa/errors.js';
export { WSAGetLastError, WSASetLastError } from './winsock/last-error.js';

/* The Winsock 1.1 layer. */
export { WSAStartup, WSACleanup, AfxSocketInit, MAKEWORD, WINSOCK_HIGH_VERSION, type WSADATA } from './winsock/startup.js';
export {
  WSAIsBlocking, WSACancelBlockingCall, WSASetBlockingHook, WSAUnhookBlockingHook, WSADefaultBlockingHook,
} from './winsock/blocking.js';
export {
  WSAAsyncGetHostByName, WSAAsyncGetHostByAddr, WSAAsyncGetServByName, WSAAsyncGetServByPort,
  WSAAsyncGetProtoByName, WSAAsyncGetProtoByNumber, WSACancelAsyncRequest,
  type WSAAsyncCallback, type HOSTENT, type SERVENT, type PROTOENT,
} from './winsock/lookups.js';

/* The socket classes. */
export { CAsyncSocket, type SocketAddress, type IntRef } from './afx/CAsyncSocket.js';
export { CSocket, type BlockingOptions } from './afx/CSocket.js';
export { CancelBlockingCallByHandle, type CSocketCancelHandle } from './afx/cancel-handle.js';

/* Files, archives and serialization. */
export {
  CException, CArchiveException, CFileException, CNotSupportedException, CInvalidArgException,
  CMemoryException, CResourceException, CArchiveCause, CFileCause, archiveCauseName, fileCauseName,
  AfxThrowArchiveException, AfxThrowFileException, AfxThrowNotSupportedException,
  AfxThrowInvalidArgException, AfxThrowMemoryException,
  type AfxExceptionCode, type CArchiveExceptionCode, type CFileExceptionCode,
} from './afx/exceptions.js';
export { CFile } from './afx/CFile.js';
export { CMemFile } from './afx/CMemFile.js';
export { CSocketFile, type CSocketFileSocket, type SocketIoOptions } from './afx/CSocketFile.js';
export { CArchive, type LoadAsyncOptions, type AsyncIoOptions } from './afx/CArchive.js';
export { setDefaultCodePage, getDefaultCodePage, resolveCodePage, type CodePage } from './afx/archive/codepage.js';
export {
  CObject, CRuntimeClass, RUNTIME_CLASS, IMPLEMENT_SERIAL, IMPLEMENT_DYNCREATE, IMPLEMENT_DYNAMIC,
  VERSIONABLE_SCHEMA, NON_SERIAL_SCHEMA, type CObjectCtor, type RegisterOptions,
} from './afx/CObject.js';
