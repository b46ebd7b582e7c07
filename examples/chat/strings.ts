/**
 * The CHAT samples' string table (CHATTER.RC / CHATSRVR.RC), word for word: these texts travel
 * on the wire, so a Node client and an MFC server show each other the same lines.
 */

/** The channel number the user picks becomes the TCP port channel + 700. */
export const PORT_OFFSET = 700;

/** Sent as "<handle>: has just joined the discussion". */
export const IDS_CONNECT = 'has just joined the discussion';
/** Appended to the handle as is: it begins with ": ". */
export const IDS_DISCONNECT = ': has just left the discussion';
export const IDS_SERVERSHUTDOWN = 'The discussion server has shutdown';
export const IDS_SERVERRESET = 'Server has reset the connection';
export const IDS_CONNECTIONCLOSED = 'Closing connection';
export const IDS_READERROR = 'Error reading socket';
export const IDS_SENDERROR = 'Error sending on socket';

export function channelToPort(channel: number): number {
  return channel + PORT_OFFSET;
}
