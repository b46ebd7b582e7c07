/**
 * CMsg, the one message type of CHATTER and CHATSRVR (MSG.CPP). On the wire:
 *
 *   WORD m_bClose | CString m_strText | WriteCount(n) | n × CString
 *
 * written by calling Serialize directly (never WriteObject), so no class tag precedes it, and
 * flushed after each message. Whether CStrings are ANSI or Unicode is the archive's choice
 * (`ar.m_bUnicode`), as it was the build's in MFC; loading accepts both.
 */
import { CObject, IMPLEMENT_DYNCREATE, type CArchive } from '../../src/index.js';

export class CMsg extends CObject {
  m_strText = '';
  m_bClose = false;
  /** CStringList m_msgList. */
  m_msgList: string[] = [];

  /** MFC's CMsg::Init: an open message with no text and an empty list. */
  Init(): void {
    this.m_bClose = false;
    this.m_strText = '';
    this.m_msgList = [];
  }

  override Serialize(ar: CArchive): void {
    if (ar.IsStoring()) {
      ar.WriteWord(this.m_bClose ? 1 : 0);
      ar.WriteCString(this.m_strText);
      ar.WriteCount(this.m_msgList.length);
      for (const s of this.m_msgList) ar.WriteCString(s);
    } else {
      this.m_bClose = ar.ReadWord() !== 0;
      this.m_strText = ar.ReadCString();
      // CStringList::Serialize appends when loading; it does not clear the list first.
      const n = ar.ReadCount();
      for (let i = 0; i < n; i++) this.m_msgList.push(ar.ReadCString());
    }
  }
}
IMPLEMENT_DYNCREATE(CMsg, CObject);
