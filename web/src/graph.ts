/** Microsoft Graph, with the user's delegated Mail.Read token, for two things only: the MIME of a message
 * (GET /me/messages/{id}/$value), the one open where Outlook cannot give it itself (no Mailbox 1.14) or one found below;
 * and, on the user's click, the newest signed messages a recipient sent them (GET /me/messages?$filter=...). */
import { getGraphToken } from "./auth";
import { restId } from "./mailbox";

export const graphBase = "https://graph.microsoft.com/v1.0";

/** The Graph URL of the open item's MIME; the id goes in as one path segment, whatever characters it holds. */
export function mimeUrl(itemId: string): string {
  return mimeUrlOf(restId(itemId));
}

function mimeUrlOf(id: string): string {
  return `${graphBase}/me/messages/${encodeURIComponent(id)}/$value`;
}

export function fetchMime(itemId: string, fetcher?: typeof fetch): Promise<Uint8Array<ArrayBuffer>> {
  return fetchMimeOf(restId(itemId), fetcher);
}

/** A message the user received, as Graph lists it. */
export interface FoundMessage {
  id: string;
  subject: string;
  receivedDateTime: string;
  internetMessageId: string;
}

/** Message classes of S/MIME mail: multipart/signed, and opaque (signed-data; encrypted mail shares the class, and the
 * API refuses it as such). Exchange keeps the class in PR_MESSAGE_CLASS, property tag 0x001A. */
export const signedClasses = ["IPM.Note.SMIME.MultipartSigned", "IPM.Note.SMIME"] as const;

/** The $filter for signed mail from the address. Graph sorts a filtered list only when the sort property leads the
 * filter, hence receivedDateTime first; a quote in the address is doubled, as OData escapes it. */
export function signedFromFilter(address: string): string {
  const quoted = address.replace(/'/g, "''");
  const classes = signedClasses.map((c) => `ep/value eq '${c}'`).join(" or ");
  return `receivedDateTime ge 1900-01-01T00:00:00Z and from/emailAddress/address eq '${quoted}'` +
    ` and singleValueExtendedProperties/any(ep: ep/id eq 'String 0x001A' and (${classes}))`;
}

export function signedFromUrl(address: string, top = 5): string {
  const query: [string, string][] = [["$filter", signedFromFilter(address)], ["$orderby", "receivedDateTime desc"],
    ["$top", String(top)], ["$select", "id,subject,receivedDateTime,internetMessageId"]];
  return `${graphBase}/me/messages?${query.map(([name, value]) => `${name}=${encodeURIComponent(value)}`).join("&")}`;
}

/** The newest signed messages from the address in the user's mailbox, newest first. */
export async function findSignedFrom(address: string, fetcher: typeof fetch = (input, init) => fetch(input, init)): Promise<FoundMessage[]> {
  const response = await fetcher(signedFromUrl(address), { headers: { Authorization: `Bearer ${await getGraphToken()}` } });
  if (!response.ok) throw new Error(`Microsoft Graph: HTTP ${response.status}`);
  return ((await response.json()) as { value: FoundMessage[] }).value;
}

/** The MIME of a message Graph listed: its id is a REST id already. */
export async function fetchMimeOf(restId: string, fetcher: typeof fetch = (input, init) => fetch(input, init)): Promise<Uint8Array<ArrayBuffer>> {
  const response = await fetcher(mimeUrlOf(restId), { headers: { Authorization: `Bearer ${await getGraphToken()}` } });
  if (!response.ok) throw new Error(`Microsoft Graph: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}
