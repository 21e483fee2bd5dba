/** The one-click request: a drop zone or file picker for the recipient's certificate, the inspect verdict for the
 * address before anything is sent, then the request itself. */
import { ApiError, type Api } from "./api";
import type { Translator } from "./i18n";
import { h, pickCertificate, renderMessage, renderVerdict, type Asked } from "./render";

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
  const panel = h("form", { class: "request", "aria-labelledby": "request-title" },
    title, h("label", { for: "request-name" }, t("requestDisplayName")), name, drop, verdict,
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
      // The server judges again on submit; an issuer it does not trust yet may still be approved with trustIssuer.
      submit.disabled = !certificate;
    } catch (error) {
      verdict.replaceChildren(problem(error));
    }
  }

  file.addEventListener("change", () => void choose(file.files?.[0]));
  drop.addEventListener("dragover", (event) => {
    event.preventDefault();
    drop.classList.add("dragging");
  });
  drop.addEventListener("dragleave", () => drop.classList.remove("dragging"));
  drop.addEventListener("drop", (event) => {
    event.preventDefault();
    drop.classList.remove("dragging");
    void choose(event.dataTransfer?.files[0]);
  });
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
