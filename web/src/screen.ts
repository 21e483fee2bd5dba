/** The pane's one screen, top to bottom, the live region that reads changes out, and the theme. */
import type { Translator } from "./i18n";
import { h } from "./render";

export interface Screen {
  refresh: HTMLButtonElement;
  account: HTMLElement;
  note: HTMLElement;
  preview: HTMLElement;
  requestArea: HTMLElement;
  content: HTMLElement;
  mine: HTMLElement;
  /** Says text through the announcer, unless it was the last thing said: a poll must not repeat the summary. */
  announce(text: string): void;
}

export function layout(t: Translator): Screen {
  const app = document.getElementById("app")!;
  const announcer = document.getElementById("announcer")!;
  const refresh = h("button", { type: "button", class: "button", id: "refresh" }, t("refresh"));
  const account = h("div", { class: "account" });
  const note = h("p", { class: "note" });
  const preview = h("div", { class: "preview" });
  const requestArea = h("div", { class: "request-area" });
  const content = h("div", { class: "content", id: "content", "aria-live": "off" });
  const mine = h("section", { class: "mine", "aria-labelledby": "mine-title" });
  mine.hidden = true;
  app.replaceChildren(
    h("header", { class: "bar" }, h("h1", { class: "title" }, t("title")), refresh),
    account, note, preview, requestArea, content, mine);
  app.setAttribute("aria-busy", "false");

  let lastAnnounced = "";
  const announce = (text: string) => {
    if (text === lastAnnounced) return;
    lastAnnounced = text;
    announcer.textContent = text;
  };
  return { refresh, account, note, preview, requestArea, content, mine, announce };
}

export function applyTheme(): void {
  let background: string | undefined;
  try {
    background = Office.context?.officeTheme?.bodyBackgroundColor;
  } catch {
    background = undefined;
  }
  // Office's theme wins when it gives one; otherwise the stylesheet follows prefers-color-scheme.
  if (background && /^#?[0-9a-f]{6}$/i.test(background)) {
    const value = parseInt(background.replace("#", ""), 16);
    const luminance = (0.299 * (value >> 16) + 0.587 * ((value >> 8) & 255) + 0.114 * (value & 255)) / 255;
    document.documentElement.dataset.theme = luminance < 0.5 ? "dark" : "light";
  }
}
