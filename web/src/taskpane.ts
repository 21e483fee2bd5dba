/** The entry: waits for Office, picks the language, then wires the pane's parts: the screen, the recipient list, the
 * sign-in, the request button and the user's requests. */
import "./taskpane.css";
import { createApi, type Api } from "./api";
import { approvalsSlot } from "./approvals-entry";
import { authMode, configureAuth, getToken } from "./auth";
import { createTranslator, pickLanguage, type Translator } from "./i18n";
import { isCompose, isRead, onItemChanged } from "./mailbox";
import { createMyRequests } from "./mine";
import { previewList } from "./preview";
import { composeRecipients, createRecipientList, keepFresh, type Source } from "./recipients";
import { createReading } from "./reading";
import { offerRequest, type RequestOfferOptions } from "./request";
import type { ActionFor } from "./render";
import { applyTheme, layout, type Screen } from "./screen";
import { createSignIn, signInReason } from "./signin";

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

/** What the pane looks at, and what it offers beside each address (the request panel unless said otherwise). */
type Subject = Source & { offer?: (options: RequestOfferOptions) => ActionFor };

/** Outside Office: the preview's list; in a message being written: its recipients; in one being read: its sender. */
function chooseSource(host: Office.HostType | null, t: Translator, api: Api, screen: Screen): Subject | undefined {
  const item = host !== null && typeof Office !== "undefined" && host === Office.HostType.Outlook ? Office.context.mailbox.item : null;
  if (host === null || host === undefined) {
    screen.note.textContent = t("outsideOutlook");
    const { read, check } = previewList(t, screen.preview);
    return { read, check, empty: "previewEmpty", compose: false };
  }
  if (isCompose(item)) {
    screen.note.textContent = t("resolvedOnly");
    return { read: composeRecipients, empty: "empty", compose: true };
  }
  if (isRead(item)) {
    screen.note.textContent = t("readNote");
    const reading = createReading(t, api);
    return { ...reading.source, offer: reading.offer };
  }
  screen.note.textContent = t("readMode");
  screen.refresh.hidden = true;
  return undefined;
}

async function main(): Promise<void> {
  const { host } = await officeReady();
  const t = createTranslator(pickLanguage(officeLanguage(), navigator.language));
  document.documentElement.lang = t.language;
  document.title = t("title");
  applyTheme();
  const api = createApi({ getToken, language: () => t.language, unreachable: () => t("unreachable") });
  const screen = layout(t);
  const source = chooseSource(host, t, api, screen);
  if (source) await start(t, api, screen, source);
}

/** The parts call each other only through what is passed here, and every failure meets in failed(). The list and
 * the sign-in need each other: the closures that cross over run only once both exist. */
async function start(t: Translator, api: Api, screen: Screen, source: Subject): Promise<void> {
  const { account, announce, requestArea } = screen;
  const mine = createMyRequests(t, api, screen.mine);
  const approvals = approvalsSlot({ t, api, account, announce, failed });
  const list = createRecipientList({
    t, api, content: screen.content, announce, source, failed,
    answered: () => {
      if (!signIn.me && authMode() === "entra") void signIn.whoAmI();
    },
    actionFor: (source.offer ?? offerRequest)({
      t, api, area: requestArea, announce, me: () => signIn.me,
      sent: () => {
        void list.now();
        mine.refresh();
      },
    }),
  });
  const signIn = createSignIn({
    t, api, account, announce, failed, showMine: () => void mine.show(),
    signedIn: () => {
      approvals.signedIn(signIn.me);
      return list.redraw();
    },
    signedOut: () => {
      list.clear();
      requestArea.replaceChildren();
      mine.hide();
      approvals.signedOut();
    },
  });

  function failed(error: unknown): void {
    const reason = signInReason(error);
    if (reason) void signIn.show(reason);
    else list.showFailure(error);
  }

  for (const button of [screen.refresh, source.check]) button?.addEventListener("click", () => void list.now());
  try {
    configureAuth(await api.config());
  } catch (error) {
    failed(error);
    return;
  }
  keepFresh(list, source, () => signIn.me !== undefined);
  // A request panel or answer is about the message that was selected, not the next one.
  if (source.follows) void onItemChanged(() => requestArea.replaceChildren());
  await list.now();
}

void main();
