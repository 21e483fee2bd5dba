/** The one-click request: the button beside a recipient who can be asked for, then a drop zone or file picker for
 * the recipient's certificate, the inspect verdict for the address before anything is sent, then the request itself. */
import { ApiError, type Api, type Me, type RecipientReadiness } from "./api";
import type { Translator } from "./i18n";
import { mailboxSearch } from "./found";
import { h, pickCertificate, renderMessage, renderVerdict, type ActionFor, type Asked } from "./render";

export interface RequestOfferOptions {
  t: Translator;
  api: Api;
  /** Where the panel opens. */
  area: HTMLElement;
  me(): Me | undefined;
  announce(text: string): void;
  /** After a request was accepted: the list and the user's requests are out of date. */
  sent(): void;
}

/** The request button beside a recipient, or why the user may not ask; nothing for a recipient no request can fix. */
export function offerRequest(options: RequestOfferOptions): ActionFor {
  const { t, area } = options;
  return (asked, result) => {
    const may = mayRequest(result, options.me());
    if (may !== "yes") return may === "no" ? h("p", { class: "note" }, t("cannotRequest")) : null;
    const button = h("button", { type: "button", class: "button" }, t("requestButton"));
    button.addEventListener("click", () => area.replaceChildren(openPanel(options, asked, result, button)));
    return h("div", { class: "actions" }, button);
  };
}

/** "yes" for a person outside the organisation a request could make ready, when the user holds the request role;
 * "no" (say why) without it; "none" when no request can help or nobody is signed in yet. */
export function mayRequest(result: RecipientReadiness, me: Me | undefined, renewal = false): "yes" | "no" | "none" {
  // notPublished, or a problem an approver may fix, can be asked for; a malformed address cannot; a ready contact only
  // when the request renews it.
  const fixable = renewal || result.status === "notPublished" ||
    (result.status === "problem" && !result.findings.some((f) => f.code === "InvalidAddress"));
  // A mailbox publishes its own certificate; a request makes a _SMIME contact, for people outside the organisation.
  const internal = result.galEntry?.kind === "mailbox";
  if (!fixable || internal || !me) return "none";
  return me.canRequest ? "yes" : "no";
}

/** The name the request proposes for the contact: the one the user saw, else the directory's, else the address's. */
export function suggestedName(asked: Asked, result: RecipientReadiness): string {
  const typedName = asked.displayName && asked.displayName !== asked.emailAddress ? asked.displayName : "";
  return typedName || result.galEntry?.displayName || asked.emailAddress.split("@")[0] || "";
}

function openPanel({ t, api, area, announce, sent }: RequestOfferOptions, asked: Asked, result: RecipientReadiness,
  button: HTMLButtonElement): HTMLElement {
  return requestPanel({
    t, api, asked,
    suggestedName: suggestedName(asked, result),
    closed: () => {
      area.replaceChildren();
      // Back where the user was in the list, not at the top of the pane.
      button.focus();
    },
    sent: (message) => {
      area.replaceChildren(h("div", { class: "message", role: "status" }, h("p", {}, message)));
      announce(message);
      sent();
    },
  });
}

export interface RequestPanelOptions {
  t: Translator;
  api: Api;
  asked: Asked;
  suggestedName: string;
  /** Called after a request was accepted, with the sentence to show. */
  sent(message: string): void;
  closed(): void;
}

const accepted = ".cer,.crt,.der,.pem,.p7b,.p7c,.p7s,.eml,.sst";

export function requestPanel({ t, api, asked, suggestedName, sent, closed }: RequestPanelOptions): HTMLElement {
  const address = asked.emailAddress;
  const name = h("input", { id: "request-name", type: "text", autocomplete: "off" });
  name.value = suggestedName;
  const file = h("input", { id: "request-file", type: "file", accept: accepted });
  const verdict = h("div", { class: "verdict-area", "aria-live": "polite" });
  const submit = h("button", { type: "submit", class: "button primary", disabled: "" }, t("requestSubmit"));
  const cancel = h("button", { type: "button", class: "button" }, t("requestCancel"));
  const drop = h("div", { class: "drop" }, h("p", {}, t("requestHelp")), h("label", { for: "request-file" }, t("requestFile")), file);
  const title = h("h2", { id: "request-title", tabindex: "-1" }, t("requestTitle", { address }));
  const search = mailboxSearch({ t, api, address, name: () => name.value.trim() || suggestedName, sent });
  const panel = h("form", { class: "request", "aria-labelledby": "request-title" },
    title, h("label", { for: "request-name" }, t("requestDisplayName")), name, search, drop, verdict,
    h("div", { class: "actions" }, submit, cancel));

  let chosen: File | undefined;
  const problem = (error: unknown) =>
    renderMessage("error", error instanceof ApiError ? error.title : error instanceof Error ? error.message : String(error));

  async function choose(picked: File | undefined): Promise<void> {
    chosen = picked;
    submit.disabled = true;
    if (!picked) return;
    verdict.replaceChildren(renderMessage("loading", t("requestInspecting")));
    try {
      const inspected = await api.inspect(picked, address);
      const certificate = pickCertificate(inspected.certificates, address);
      verdict.replaceChildren(certificate ? renderVerdict(t, certificate, address) : renderMessage("error", t("verdictUnusable", { address })));
      // The server judges again on submit; an issuer it does not trust yet may still be trusted by the approver.
      submit.disabled = !certificate;
    } catch (error) {
      verdict.replaceChildren(problem(error));
    }
  }

  file.addEventListener("change", () => void choose(file.files?.[0]));
  acceptDrops(drop, (dropped) => void choose(dropped));
  cancel.addEventListener("click", closed);
  panel.addEventListener("keydown", (event) => {
    if (event.key === "Escape") closed();
  });
  panel.addEventListener("submit", (event) => {
    event.preventDefault();
    if (!chosen) return;
    const picked = chosen;
    submit.disabled = true;
    verdict.append(renderMessage("loading", t("requestSending")));
    void api.submitRequest(picked, address, name.value.trim()).then(
      () => sent(t("requestSent", { address })),
      (error: unknown) => {
        verdict.lastElementChild?.remove();
        verdict.append(problem(error));
        submit.disabled = false;
      });
  });
  queueMicrotask(() => title.focus());
  return panel;
}

function acceptDrops(drop: HTMLElement, dropped: (file: File | undefined) => void): void {
  // Without preventDefault on dragover the browser opens the dropped file itself instead of firing drop.
  drop.addEventListener("dragover", (event) => {
    event.preventDefault();
    drop.classList.add("dragging");
  });
  drop.addEventListener("dragleave", () => drop.classList.remove("dragging"));
  drop.addEventListener("drop", (event) => {
    event.preventDefault();
    drop.classList.remove("dragging");
    dropped(event.dataTransfer?.files[0]);
  });
}
