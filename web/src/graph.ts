/** Microsoft Graph, for one thing only: the MIME of the message the user has open, where Outlook cannot give it itself
 * (no Mailbox 1.14). GET /me/messages/{id}/$value with the user's delegated Mail.Read token. */
import { getGraphToken } from "./auth";
import { restId } from "./mailbox";

export const graphBase = "https://graph.microsoft.com/v1.0";

/** The Graph URL of the message's MIME; the id goes in as one path segment, whatever characters it holds. */
export function mimeUrl(itemId: string): string {
  return `${graphBase}/me/messages/${encodeURIComponent(restId(itemId))}/$value`;
}

export async function fetchMime(itemId: string, fetcher: typeof fetch = (input, init) => fetch(input, init)): Promise<Uint8Array<ArrayBuffer>> {
  const response = await fetcher(mimeUrl(itemId), { headers: { Authorization: `Bearer ${await getGraphToken()}` } });
  if (!response.ok) throw new Error(`Microsoft Graph: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}
