/** In the request panel: the certificate the recipient already sent, found in the user's own mailbox. The search runs
 * only on the user's click (nothing is read before), through Graph with the user's delegated Mail.Read; one more
 * click files the request with the newest signed message from the address as the file. */
import { ApiError, type Api } from "./api";
import { canReadMailWithGraph } from "./auth";
import { fetchMimeOf, findSignedFrom, type FoundMessage } from "./graph";
import type { Translator } from "./i18n";
import { h, renderMessage } from "./render";

export interface MailboxSearchOptions {
  t: Translator;
  api: Api;
  address: string;
  /** The contact's name as the panel holds it when the request is filed. */
  name(): string;
  sent(message: string): void;
}

/** Refusals that mean this message brings no usable certificate for the address, so the next one may. */
const notThisOne = new Set(["EncryptedMessage", "NoCertificate", "NoPersonCertificate", "UnsupportedFormat", "CertificateUnusable"]);

export function mailboxSearch({ t, api, address, name, sent }: MailboxSearchOptions): HTMLElement {
  if (!canReadMailWithGraph()) return h("p", { class: "note search" }, t("searchNeedsEntra"));
  const area = h("div", { class: "search-result", "aria-live": "polite" });
  const search = h("button", { type: "button", class: "button" }, t("searchButton"));
  search.addEventListener("click", () => {
    search.disabled = true;
    area.replaceChildren(renderMessage("loading", t("searching")));
    findSignedFrom(address).then(
      (found) => area.replaceChildren(found.length > 0 ? offer(found, 0) : renderMessage("info", t("searchNone", { address }))),
      (error: unknown) => {
        area.replaceChildren(renderMessage("error", error instanceof Error ? error.message : String(error)));
        search.disabled = false;
      });
  });

  /** "Use the certificate from <subject>, <date>" for found[index]; refused as unusable, the next one is offered. */
  function offer(found: FoundMessage[], index: number, why?: string): HTMLElement {
    const message = found[index]!;
    const use = h("button", { type: "button", class: "button primary" },
      t("searchUse", { subject: message.subject || "—", date: t.date(message.receivedDateTime) }));
    use.addEventListener("click", () => {
      use.disabled = true;
      void file(message).then(() => sent(t("requestSent", { address })), (error: unknown) => {
        const title = error instanceof ApiError ? error.title : error instanceof Error ? error.message : String(error);
        if (error instanceof ApiError && notThisOne.has(error.code ?? "") && index + 1 < found.length)
          area.replaceChildren(offer(found, index + 1, title));
        else {
          area.replaceChildren(renderMessage("error", title), use);
          use.disabled = false;
        }
      });
    });
    return h("div", { class: "actions" }, why ? renderMessage("info", why) : null, use);
  }

  async function file(message: FoundMessage): Promise<void> {
    const bytes = await fetchMimeOf(message.id);
    await api.submitRequest(new File([bytes], "message.eml", { type: "message/rfc822" }), address, name(), {
      messageId: message.internetMessageId ?? "", subject: message.subject ?? "", receivedAt: message.receivedDateTime ?? "",
    });
  }

  return h("div", { class: "search" }, h("p", {}, t("searchHelp", { address })), search, area);
}
