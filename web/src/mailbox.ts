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

function asError(error: Office.Error | undefined): Error {
  return new Error(error ? `${error.name}: ${error.message}` : "Office call failed");
}
