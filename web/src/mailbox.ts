/** The Office mailbox calls the pane uses, as promises. Nothing else touches Office's callback style. */

export type Field = "to" | "cc" | "bcc";

export interface MailRecipient {
  field: Field;
  emailAddress: string;
  displayName: string;
  recipientType: string;
}

type ComposeItem = Office.MessageCompose;

/** True when the item is a message being written (To/Cc/Bcc have getAsync), not one being read. */
export function isCompose(item: Office.Item | null | undefined): item is Office.Item & ComposeItem {
  const to = (item as Partial<ComposeItem> | null | undefined)?.to;
  return !!to && typeof (to as Partial<Office.Recipients>).getAsync === "function";
}

function getAsync(recipients: Office.Recipients): Promise<Office.EmailAddressDetails[]> {
  return new Promise((resolve, reject) =>
    recipients.getAsync((result) =>
      result.status === Office.AsyncResultStatus.Succeeded ? resolve(result.value) : reject(asError(result.error)),
    ),
  );
}

/** To, Cc and Bcc in that order. getAsync gives only the recipients Outlook has resolved (by design), and a client
 * once returned an empty address with success: such entries are dropped. */
export async function readRecipients(item: ComposeItem): Promise<MailRecipient[]> {
  const fields: Field[] = ["to", "cc", "bcc"];
  const lists = await Promise.all(fields.map((field) => getAsync(item[field])));
  return lists.flatMap((list, index) =>
    list
      .filter((r) => typeof r.emailAddress === "string" && r.emailAddress.trim() !== "")
      .map((r) => ({
        field: fields[index]!,
        emailAddress: r.emailAddress.trim(),
        displayName: r.displayName ?? "",
        recipientType: String(r.recipientType ?? ""),
      })),
  );
}

/** RecipientsChanged (Mailbox 1.7) on the current item; resolves false where the event is not supported. */
export function onRecipientsChanged(item: ComposeItem, handler: () => void): Promise<boolean> {
  if (!Office.context.requirements.isSetSupported("Mailbox", "1.7")) return Promise.resolve(false);
  return new Promise((resolve) =>
    item.addHandlerAsync(Office.EventType.RecipientsChanged, handler, (result) =>
      resolve(result.status === Office.AsyncResultStatus.Succeeded),
    ),
  );
}

/** ItemChanged (Mailbox 1.5): a pinned pane's item was swapped; mailbox.item may be null in the handler. */
export function onItemChanged(handler: () => void): Promise<boolean> {
  if (!Office.context.requirements.isSetSupported("Mailbox", "1.5")) return Promise.resolve(false);
  return new Promise((resolve) =>
    Office.context.mailbox.addHandlerAsync(Office.EventType.ItemChanged, handler, (result) =>
      resolve(result.status === Office.AsyncResultStatus.Succeeded),
    ),
  );
}

type ReadItem = Office.MessageRead;

/** True when the item is a received message being read: its sender is there as an address, not as a getAsync field. */
export function isRead(item: Office.Item | null | undefined): item is Office.Item & ReadItem {
  const from = (item as Partial<ReadItem> | null | undefined)?.from;
  return !isCompose(item) && typeof from?.emailAddress === "string";
}

/** Where the pane found the certificate it files: the message, for the approver and the audit. */
export interface MessageOrigin {
  messageId: string;
  subject: string;
  /** ISO 8601; empty when Outlook did not say. */
  receivedAt: string;
}

export interface ReadMessage {
  /** Tells one item from the next when a pinned pane follows the selection. */
  key: string;
  itemId: string;
  sender: { emailAddress: string; displayName: string };
  origin: MessageOrigin;
}

export function readMessage(item: ReadItem): ReadMessage {
  const created = item.dateTimeCreated as Date | string | undefined;
  const receivedAt = created ? new Date(created) : undefined;
  return {
    key: item.itemId || item.internetMessageId || "",
    itemId: item.itemId ?? "",
    sender: { emailAddress: (item.from?.emailAddress ?? "").trim(), displayName: item.from?.displayName ?? "" },
    origin: {
      messageId: item.internetMessageId ?? "",
      subject: item.subject ?? "",
      receivedAt: receivedAt && !isNaN(receivedAt.getTime()) ? receivedAt.toISOString() : "",
    },
  };
}

/** How the pane can have the message's bytes: from Outlook itself (getAsFileAsync, Mailbox 1.14), from Microsoft Graph
 * with the user's own delegated token (Entra sign-in with nested app authentication), or only from a file the user
 * saves and drops. Office compares the versions part by part ("1.14" is above "1.7"). */
export type MessageWay = "file" | "graph" | "drop";

export function messageWay(isSetSupported: (name: string, version: string) => boolean, graphToken: boolean): MessageWay {
  if (isSetSupported("Mailbox", "1.14")) return "file";
  return graphToken ? "graph" : "drop";
}

/** The message as Outlook holds it (base64 EML from getAsFileAsync), as bytes. */
export function getAsFile(item: ReadItem): Promise<Uint8Array<ArrayBuffer>> {
  return new Promise((resolve, reject) =>
    item.getAsFileAsync((result) =>
      result.status === Office.AsyncResultStatus.Succeeded ? resolve(fromBase64(result.value)) : reject(asError(result.error)),
    ),
  );
}

export function fromBase64(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64.replace(/\s+/g, ""));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Graph knows the item by its REST id, not by the EWS id Office gives the pane. */
export function restId(itemId: string): string {
  return Office.context.mailbox.convertToRestId(itemId, Office.MailboxEnums.RestVersion.v2_0);
}

function asError(error: Office.Error | undefined): Error {
  return new Error(error ? `${error.name}: ${error.message}` : "Office call failed");
}
