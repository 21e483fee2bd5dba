/** The recipient list: who the message is for, the API's answer beside each, kept fresh without disturbing the
 * reader. */
import { ApiError, type Api, type RecipientReadiness } from "./api";
import type { Translator } from "./i18n";
import { isCompose, onItemChanged, onRecipientsChanged, readRecipients } from "./mailbox";
import { createRefresher, type Refresher } from "./refresher";
import { renderMessage, renderResults, summaryText, type ActionFor, type Asked } from "./render";
import type { StringKey } from "./strings/en";

const POLL_MS = 15_000; // RecipientsChanged is unreliable in Outlook on the web: look again gently while visible
const DEBOUNCE_MS = 300;

/** Where the recipients come from: the message being written, or the preview's list. */
export interface Source {
  read(): Promise<Asked[]>;
  /** Said when there is nobody to check. */
  empty: StringKey;
  /** A message being written, whose Office events say when to look again. */
  compose: boolean;
  /** A message being read: a pinned pane follows the selected message (ItemChanged). */
  follows?: boolean;
  /** The preview's own button, which checks now as Refresh does. */
  check?: HTMLButtonElement;
}

export async function composeRecipients(): Promise<Asked[]> {
  // Read the item each time: a pinned pane's item changes under it.
  const current = Office.context.mailbox.item;
  return isCompose(current) ? readRecipients(current) : [];
}

export interface RecipientListOptions {
  t: Translator;
  api: Api;
  content: HTMLElement;
  announce(text: string): void;
  source: Source;
  actionFor: ActionFor;
  /** After every answer: with Entra the token came silently, and who is signed in is learnt only then. */
  answered(): void;
  failed(error: unknown): void;
}

export interface RecipientList extends Pick<Refresher, "now" | "schedule"> {
  /** Shows why there is no answer: offline, unreachable, or the API's refusal. */
  showFailure(error: unknown): void;
  clear(): void;
  /** Draws the next answer even if unchanged: the request buttons depend on who is signed in. */
  redraw(): Promise<void>;
}

interface Answer {
  asked: Asked[];
  results: RecipientReadiness[];
}

export function createRecipientList(options: RecipientListOptions): RecipientList {
  const { t, content, announce, source } = options;
  let lastRendered = "";
  const show = (node: HTMLElement, announcement: string) => {
    lastRendered = "";
    content.replaceChildren(node);
    announce(announcement);
  };

  const refresher = createRefresher<Answer>({
    debounceMs: DEBOUNCE_MS,
    started: () => {
      content.setAttribute("aria-busy", "true");
      if (!lastRendered) show(renderMessage("loading", t("loading")), t("loading"));
    },
    run: () => check(options.api, source),
    apply: ({ asked, results }) => {
      content.setAttribute("aria-busy", "false");
      options.answered();
      if (asked.length === 0) {
        show(renderMessage("empty", t(source.empty)), t(source.empty));
        return;
      }
      // Re-render only on change, so a poll never moves the reader's focus or scroll.
      const key = JSON.stringify([asked, results]);
      if (key === lastRendered) return;
      content.replaceChildren(renderResults(t, asked, results, options.actionFor));
      lastRendered = key;
      announce(summaryText(t, results, asked.some((a) => a.field === "from")));
    },
    fail: (error) => {
      content.setAttribute("aria-busy", "false");
      options.failed(error);
    },
  });

  return {
    now: refresher.now,
    schedule: refresher.schedule,
    showFailure(error) {
      if ((error instanceof ApiError && error.offline) || !navigator.onLine) {
        show(renderMessage("offline", navigator.onLine ? t("unreachable") : t("offline"), t("errorWhatToDo")), t("offline"));
        return;
      }
      const title = error instanceof ApiError ? error.title : error instanceof Error ? error.message : String(error);
      show(renderMessage("error", `${t("errorTitle")}: ${title}`, t("errorWhatToDo")), t("errorTitle"));
    },
    clear() {
      lastRendered = "";
      content.replaceChildren();
    },
    redraw() {
      lastRendered = "";
      return refresher.now();
    },
  };
}

async function check(api: Api, source: Source): Promise<Answer> {
  const asked = await source.read();
  if (asked.length === 0) return { asked, results: [] };
  const results = await api.check(asked.map(({ emailAddress, displayName, recipientType }) =>
    recipientType ? { emailAddress, displayName, recipientType } : { emailAddress, displayName }));
  return { asked, results };
}

/** Every way the pane learns the recipients may have changed, since no single one is reliable on the web. */
export function keepFresh(list: Pick<Refresher, "now" | "schedule">, source: Source, signedIn: () => boolean): void {
  if (source.compose) {
    const watch = () => {
      const current = Office.context.mailbox.item;
      if (isCompose(current)) void onRecipientsChanged(current, () => list.schedule());
    };
    watch();
    // Pinned pane: a new item needs its own handlers (by design), and item can be null in between.
    void onItemChanged(() => {
      watch();
      void list.now();
    });
  }
  // Reading: the selected message is the subject, and a pinned pane moves with it.
  if (source.follows) void onItemChanged(() => void list.now());
  window.addEventListener("focus", () => list.schedule());
  window.addEventListener("online", () => void list.now());
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") list.schedule();
  });
  setInterval(() => {
    if (document.visibilityState === "visible" && signedIn()) void list.now();
  }, POLL_MS);
}
