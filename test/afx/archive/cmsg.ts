/**
 * The CHAT samples' CMsg (CHATSRVR/CHATTER MSG.CPP): WORD m_bClose | CString m_strText |
 * CStringList m_msgList (WriteCount + CStrings). The samples call Serialize directly, so no
 * class tag is written.
 */
import type { CArchive } from '../../../src/afx/CArchive.js';
import { CObject, IMPLEMENT_DYNCREATE } from '../../../src/afx/CObject.js';

export class CMsg extends CObject {
  m_strText = '';
  m_bClose = false;
  m_msgList: string[] = [];

  override Serialize(ar: CArchive): void {
    if (ar.IsStoring()) {
      ar.WriteWord(this.m_bClose ? 1 : 0);
      ar.WriteCString(this.m_strText);
      ar.WriteCount(this.m_msgList.length);
      for (const s of this.m_msgList) ar.WriteCString(s);
    } else {
      this.m_bClose = ar.ReadWord() !== 0;
      this.m_strText = ar.ReadCString();
      // CStringList::Serialize appends on load.
      const n = ar.ReadCount();
      for (let i = 0; i < n; i++) this.m_msgList.push(ar.ReadCString());
    }
  }
}
IMPLEMENT_DYNCREATE(CMsg, CObject);

export function makeMsg(text: string, list: string[] = [], close = false): CMsg {
  const m = new CMsg();
  m.m_strText = text;
  m.m_msgList = list;
  m.m_bClose = close;
  return m;
}
