/** Who is using the pane: the local sign-in form (embedded default), or the Entra user whose token came silently,
 * and the account line with its links. */
import { ApiError, type Api, type LocalUser, type Me } from "./api";
import { authMode, SignInRequired, signInLocal, signOut } from "./auth";
import type { Translator } from "./i18n";
import { h, renderMessage } from "./render";
import type { StringKey } from "./strings/en";

export interface SignInOptions {
  t: Translator;
  api: Api;
  account: HTMLElement;
  announce(text: string): void;
  /** A failure the sign-in cannot show itself, such as the API being out of reach. */
  failed(error: unknown): void;
  /** What was on screen for the previous user must go with them. */
  signedOut(): void;
  signedIn(): Promise<void>;
  showMine(): void;
}

export interface SignIn {
  /** Known once the API said who we are (and what we may do); undefined while nobody is. */
  readonly me: Me | undefined;
  /** Signs out and asks who is there, with reason as the form's first sentence. */
  show(reason: StringKey): Promise<void>;
  whoAmI(): Promise<void>;
}

/** The form's first sentence when error means nobody (or nobody any more) is signed in; undefined otherwise. */
export function signInReason(error: unknown): StringKey | undefined {
  if (error instanceof SignInRequired)
    return ({ signedOut: "signInLocalHelp", expired: "sessionExpired", entraUnavailable: "entraUnavailable" } as const)[error.reason];
  return error instanceof ApiError && error.status === 401 ? "sessionExpired" : undefined;
}

export function createSignIn(options: SignInOptions): SignIn {
  const { t, api, account } = options;
  let me: Me | undefined;

  async function show(reason: StringKey): Promise<void> {
    signOut();
    options.signedOut();
    account.replaceChildren();
    me = undefined;
    if (authMode() === "entra") {
      account.append(renderMessage("info", t("entraUnavailable")));
      return;
    }
    let users: LocalUser[];
    try {
      users = await api.localUsers();
    } catch (error) {
      options.failed(error);
      return;
    }
    const { form, select } = renderSignIn(t, users, reason, (user) => void signInAs(user));
    account.append(form);
    options.announce(t("signInTitle"));
    select.focus();
  }

  async function signInAs(user: string): Promise<void> {
    try {
      await signInLocal(api, user);
      await welcome();
    } catch (error) {
      const message = error instanceof ApiError ? error.title : String(error);
      account.append(renderMessage("error", `${t("signInFailed")}: ${message}`));
    }
  }

  async function welcome(): Promise<void> {
    me = await api.me();
    account.replaceChildren(renderAccount(t, me.displayName, () => void show("signInLocalHelp"), options.showMine));
    await options.signedIn();
  }

  return {
    get me() {
      return me;
    },
    show,
    async whoAmI() {
      try {
        await welcome();
      } catch (error) {
        options.failed(error);
      }
    },
  };
}

function renderSignIn(t: Translator, users: readonly LocalUser[], reason: StringKey, submitted: (user: string) => void) {
  const id = "signin-user";
  const select = h("select", { id }, ...users.map((u) => h("option", { value: u.user }, `${u.displayName} (${u.user})`)));
  const button = h("button", { type: "submit", class: "button primary" }, t("signInButton"));
  const form = h("form", { class: "signin", "aria-labelledby": "signin-title" },
    h("h2", { id: "signin-title" }, t("signInTitle")),
    h("p", {}, t(reason)),
    h("label", { for: id }, t("signInUser")), select, button);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    submitted(select.value);
  });
  return { form, select };
}

/** "Signed in as …" with the links to switch user and to the user's requests. */
function renderAccount(t: Translator, name: string, switchUser: () => void, showMine: () => void): HTMLElement {
  const change = h("button", { type: "button", class: "button link" }, t("switchUser"));
  // With Entra the user is Outlook's: there is nobody else to switch to.
  change.hidden = authMode() === "entra";
  change.addEventListener("click", () => switchUser());
  const requests = h("button", { type: "button", class: "button link" }, t("myRequests"));
  requests.addEventListener("click", () => showMine());
  return h("p", { class: "signed-in" }, t("signedInAs", { name }), " ", change, " ", requests);
}
