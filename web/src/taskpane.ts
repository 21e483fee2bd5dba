/** The entry: waits for Office, picks the language and theme, signs in, then keeps the recipients' readiness on screen. */
import "./taskpane.css";
import { ApiError, createApi, type Me, type RecipientReadiness } from "./api";
import { authMode, configureAuth, getToken, SignInRequired, signInLocal, signOut } from "./auth";
import { createTranslator, pickLanguage } from "./i18n";
import { isCompose, onItemChanged, onRecipientsChanged, readRecipients } from "./mailbox";
import { createRefresher, type Refresher } from "./refresher";
import { h, renderMessage, renderMyRequests, renderResults, summaryText, type ActionFor, type Asked } from "./render";
import { requestPanel } from "./request";
import type { StringKey } from "./strings/en";

const POLL_MS = 15_000; // RecipientsChanged is unreliable in Outlook on the web: look again gently while visible
const DEBOUNCE_MS = 300;

export const demoRecipients = [
  "ada.admin@contoso.example",
  "rene.requester@contoso.example",
  "nina.reader@contoso.example",
  "m.dupont@contoso.example",
  "cravate.rouge@fabrikam.example",
  "jean.untrusted@tailspin.example",
  "paul.nobody@northwind.example",
];

function officeReady(): Promise<{ host: Office.HostType | null }> {
  // Without office.js (CDN unreachable) the pane still works as a preview.
  if (typeof Office === "undefined") return Promise.resolve({ host: null });
  return Office.onReady().then((info) => ({ host: info.host ?? null }));
}

function officeLanguage(): string | undefined {
  try {
    return Office.context?.displayLanguage || undefined;
  } catch {
    return undefined; // outside Office, context is not there
  }
}

function applyTheme(): void {
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

async function main(): Promise<void> {
  const { host } = await officeReady();
  const t = createTranslator(pickLanguage(officeLanguage(), navigator.language));
  document.documentElement.lang = t.language;
  document.title = t("title");
  applyTheme();

  const api = createApi({ getToken, language: () => t.language, unreachable: () => t("unreachable") });
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
  let me: Me | undefined;
  app.setAttribute("aria-busy", "false");

  let lastAnnounced = "";
  let lastRendered = "";
  const announce = (text: string) => {
    if (text === lastAnnounced) return;
    lastAnnounced = text;
    announcer.textContent = text;
  };
  const show = (node: HTMLElement, announcement: string) => {
    lastRendered = "";
    content.replaceChildren(node);
    announce(announcement);
  };

  // Where the recipients come from: the message being written, or the preview's list.
  let readAsked: () => Promise<Asked[]>;
  const item = host !== null && typeof Office !== "undefined" && host === Office.HostType.Outlook ? Office.context.mailbox.item : null;
  if (host === null || host === undefined) {
    note.textContent = t("outsideOutlook");
    const id = "preview-list";
    const list = h("textarea", { id, rows: "8", spellcheck: "false", autocomplete: "off" });
    list.value = demoRecipients.join("\n");
    const check = h("button", { type: "button", class: "button primary" }, t("previewCheck"));
    preview.append(h("label", { for: id }, t("previewLabel")), list, check);
    check.addEventListener("click", () => void refresher.now());
    readAsked = async () =>
      list.value.split(/[\n,;]+/).map((line) => line.trim()).filter(Boolean)
        .map((emailAddress) => ({ field: "preview" as const, emailAddress, displayName: "" }));
  } else if (isCompose(item)) {
    note.textContent = t("resolvedOnly");
    readAsked = async () => {
      const current = Office.context.mailbox.item;
      return isCompose(current) ? readRecipients(current) : [];
    };
  } else {
    note.textContent = t("readMode");
    refresh.hidden = true;
    return;
  }

  const refresher: Refresher = createRefresher<{ asked: Asked[]; results: RecipientReadiness[] }>({
    debounceMs: DEBOUNCE_MS,
    started: () => {
      content.setAttribute("aria-busy", "true");
      if (!lastRendered) show(renderMessage("loading", t("loading")), t("loading"));
    },
    run: async () => {
      const asked = await readAsked();
      if (asked.length === 0) return { asked, results: [] };
      const results = await api.check(asked.map(({ emailAddress, displayName, recipientType }) =>
        recipientType ? { emailAddress, displayName, recipientType } : { emailAddress, displayName }));
      return { asked, results };
    },
    apply: ({ asked, results }) => {
      content.setAttribute("aria-busy", "false");
      if (!me && authMode() === "entra") void whoAmI();
      if (asked.length === 0) {
        show(renderMessage("empty", t(host ? "empty" : "previewEmpty")), t(host ? "empty" : "previewEmpty"));
        return;
      }
      // Re-render only on change, so a poll never moves the reader's focus or scroll.
      const key = JSON.stringify([asked, results]);
      if (key === lastRendered) return;
      content.replaceChildren(renderResults(t, asked, results, actionFor));
      lastRendered = key;
      announce(summaryText(t, results));
    },
    fail: (error) => {
      content.setAttribute("aria-busy", "false");
      failed(error);
    },
  });

  function failed(error: unknown): void {
    if (error instanceof SignInRequired || (error instanceof ApiError && error.status === 401)) {
      const reason: StringKey = error instanceof SignInRequired
        ? ({ signedOut: "signInLocalHelp", expired: "sessionExpired", entraUnavailable: "entraUnavailable" } as const)[error.reason]
        : "sessionExpired";
      signOut();
      void showSignIn(reason);
      return;
    }
    if ((error instanceof ApiError && error.offline) || !navigator.onLine) {
      show(renderMessage("offline", navigator.onLine ? t("unreachable") : t("offline"), t("errorWhatToDo")), t("offline"));
      return;
    }
    const title = error instanceof ApiError ? error.title : error instanceof Error ? error.message : String(error);
    show(renderMessage("error", `${t("errorTitle")}: ${title}`, t("errorWhatToDo")), t("errorTitle"));
  }

  // notPublished, or a problem an approver may fix, can be asked for; a malformed address cannot.
  const actionFor: ActionFor = (asked, result) => {
    const fixable = result.status === "notPublished" ||
      (result.status === "problem" && !result.findings.some((f) => f.code === "InvalidAddress"));
    // A mailbox publishes its own certificate; a request makes a _SMIME contact, for people outside the organisation.
    const internal = result.galEntry?.kind === "mailbox";
    if (!fixable || internal || !me) return null;
    if (!me.canRequest) return h("p", { class: "note" }, t("cannotRequest"));
    const button = h("button", { type: "button", class: "button" }, t("requestButton"));
    button.addEventListener("click", () => {
      const typedName = asked.displayName && asked.displayName !== asked.emailAddress ? asked.displayName : "";
      const close = () => {
        requestArea.replaceChildren();
        button.focus();
      };
      requestArea.replaceChildren(requestPanel({
        t, api, asked,
        suggestedName: typedName || result.galEntry?.displayName || asked.emailAddress.split("@")[0] || "",
        closed: close,
        sent: (message) => {
          requestArea.replaceChildren(h("div", { class: "message", role: "status" }, h("p", {}, message)));
          announce(message);
          void refresher.now();
          if (!mine.hidden) void showMine();
        },
      }));
    });
    return h("div", { class: "actions" }, button);
  };

  async function showMine(): Promise<void> {
    try {
      const requests = await api.myRequests();
      mine.replaceChildren(h("h2", { id: "mine-title" }, t("myRequests")), renderMyRequests(t, requests));
    } catch (error) {
      mine.replaceChildren(h("h2", { id: "mine-title" }, t("myRequests")),
        renderMessage("error", error instanceof ApiError ? error.title : String(error)));
    }
    mine.hidden = false;
  }

  async function showSignIn(reason: StringKey): Promise<void> {
    lastRendered = "";
    content.replaceChildren();
    account.replaceChildren();
    requestArea.replaceChildren();
    mine.hidden = true;
    me = undefined;
    if (authMode() === "entra") {
      account.append(renderMessage("info", t("entraUnavailable")));
      return;
    }
    let users;
    try {
      users = await api.localUsers();
    } catch (error) {
      failed(error);
      return;
    }
    const id = "signin-user";
    const select = h("select", { id }, ...users.map((u) => h("option", { value: u.user }, `${u.displayName} (${u.user})`)));
    const button = h("button", { type: "submit", class: "button primary" }, t("signInButton"));
    const form = h("form", { class: "signin", "aria-labelledby": "signin-title" },
      h("h2", { id: "signin-title" }, t("signInTitle")),
      h("p", {}, t(reason)),
      h("label", { for: id }, t("signInUser")), select, button);
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      void (async () => {
        try {
          await signInLocal(api, select.value);
          me = await api.me();
          lastRendered = "";
          showAccount(me.displayName);
          await refresher.now();
        } catch (error) {
          const message = error instanceof ApiError ? error.title : String(error);
          account.append(renderMessage("error", `${t("signInFailed")}: ${message}`));
        }
      })();
    });
    account.append(form);
    announce(t("signInTitle"));
    select.focus();
  }

  // With Entra the token came silently: learn who we are (and what we may do) after the first answer.
  async function whoAmI(): Promise<void> {
    try {
      me = await api.me();
      lastRendered = "";
      showAccount(me.displayName);
      await refresher.now();
    } catch (error) {
      failed(error);
    }
  }

  function showAccount(name: string): void {
    const change = h("button", { type: "button", class: "button link" }, t("switchUser"));
    change.hidden = authMode() === "entra";
    change.addEventListener("click", () => {
      signOut();
      void showSignIn("signInLocalHelp");
    });
    const requests = h("button", { type: "button", class: "button link" }, t("myRequests"));
    requests.addEventListener("click", () => void showMine());
    account.replaceChildren(h("p", { class: "signed-in" }, t("signedInAs", { name }), " ", change, " ", requests));
  }

  refresh.addEventListener("click", () => void refresher.now());

  try {
    configureAuth(await api.config());
  } catch (error) {
    failed(error);
    return;
  }

  if (isCompose(item)) {
    const watch = () => {
      const current = Office.context.mailbox.item;
      if (isCompose(current)) void onRecipientsChanged(current, () => refresher.schedule());
    };
    watch();
    // Pinned pane: a new item needs its own handlers (by design), and item can be null in between.
    void onItemChanged(() => {
      watch();
      void refresher.now();
    });
  }
  window.addEventListener("focus", () => refresher.schedule());
  window.addEventListener("online", () => void refresher.now());
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") refresher.schedule();
  });
  setInterval(() => {
    if (document.visibilityState === "visible" && me) void refresher.now();
  }, POLL_MS);

  await refresher.now();
}

void main();
