/** Outside Outlook the pane is a preview: the recipients come from a list the visitor edits, filled with the demo
 * organisation's cases so that every status shows at once. */
import type { Translator } from "./i18n";
import { h, type Asked } from "./render";

export const demoRecipients = [
  "ada.admin@contoso.example",
  "rene.requester@contoso.example",
  "nina.reader@contoso.example",
  "m.dupont@contoso.example",
  "cravate.rouge@fabrikam.example",
  "jean.untrusted@tailspin.example",
  "paul.nobody@northwind.example",
];

export interface PreviewList {
  read(): Promise<Asked[]>;
  /** The list has no change event worth following while typing: the visitor checks it with this button. */
  check: HTMLButtonElement;
}

export function previewList(t: Translator, container: HTMLElement): PreviewList {
  const id = "preview-list";
  const list = h("textarea", { id, rows: "8", spellcheck: "false", autocomplete: "off" });
  list.value = demoRecipients.join("\n");
  const check = h("button", { type: "button", class: "button primary" }, t("previewCheck"));
  container.append(h("label", { for: id }, t("previewLabel")), list, check);
  return {
    check,
    // Commas and semicolons too: a To line pasted from a mail client separates addresses with them.
    read: async () =>
      list.value.split(/[\n,;]+/).map((line) => line.trim()).filter(Boolean)
        .map((emailAddress) => ({ field: "preview" as const, emailAddress, displayName: "" })),
  };
}
