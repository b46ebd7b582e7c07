/** The tag words of MFC's object stream (arcobj.cpp; TN002). */

/** A NULL object pointer. */
export const wNullTag = 0x0000;
/** A class description (CRuntimeClass::Store) follows. */
export const wNewClassTag = 0xffff;
/** OR'd into a small class tag: 0x8001..0xFFFE name an already-seen class. */
export const wClassTag = 0x8000;
/** OR'd into a DWORD tag: the big form of a class tag. */
export const dwBigClassTag = 0x80000000;
/** The WORD that announces a DWORD tag (object or class PID >= 0x7FFF). */
export const wBigObjectTag = 0x7fff;
/** The last valid PID; CheckCount throws badIndex at this count. */
export const nMaxMapCount = 0x3ffffffe;
