/**
 * The signal LoadAsync's loader run raises when the buffered bytes run out. It is not a
 * CArchiveException so that loaders catching `endOfFile` (ReadString does) do not swallow it;
 * the archive also remembers it was raised, so a loader that catches everything still gets rerun.
 */
export class NeedMoreData extends Error {
  /** Bytes missing beyond what is buffered. */
  readonly shortBy: number;

  constructor(shortBy: number) {
    super(`archive needs ${shortBy} more byte(s)`);
    this.name = 'NeedMoreData';
    this.shortBy = shortBy;
  }
}
