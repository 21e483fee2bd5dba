/** The approver's desk, loaded on demand for users who may approve: the "Approvals (N)" button beside "My requests",
 * and the view it opens: pending requests with everything the decision needs, failed ones with Retry, and what was
 * decided here followed until it is published or has failed. */
import { ApiError, type Api, type Me } from "./api";
import { decisionFor, failedItem, type ActionDeps } from "./approvals-actions";
import { approvalsApi, inFlight, listKey, type AdminRequest } from "./approvals-model";
import { idFor, renderOrigin, renderOutcome, renderSummary } from "./approvals-render";
import type { Translator } from "./i18n";
import { h, renderMessage, requestStateText } from "./render";
import { signInReason } from "./signin";
import type { StringKey } from "./strings/en";

const POLL_MS = 15_000; // as the recipient list: new requests show up without a reload while the pane is visible
const OUTCOME_MS = 1_000; // a request being published is followed closely: the approver is waiting for it

export interface ApprovalsOptions {
  t: Translator;
  api: Api;
  /** The account area: the button joins its signed-in line, and the view opens right under it. */
  account: HTMLElement;
  announce(text: string): void;
  /** A failure that means signing in again. */
  failed(error: unknown): void;
}

export interface Approvals {
  dispose(): void;
}

interface Item {
  key: string;
  element: HTMLElement;
}

export function createApprovals({ t, api, account, announce, failed }: ApprovalsOptions, me: Me): Approvals {
  const calls = approvalsApi(api);
  const button = h("button", { type: "button", class: "button link", id: "approvals-button", "aria-expanded": "false",
    "aria-controls": "approvals" }, t("approvalsTitle"));
  const title = h("h2", { id: "approvals-title", tabindex: "-1" }, t("approvalsTitle"));
  const close = h("button", { type: "button", class: "button", id: "approvals-close" }, t("approvalsClose"));
  const status = h("div", { class: "approvals-status" });
  const decidedTitle = h("h3", { id: "approvals-decided-title" }, t("approvalsDecided"));
  const decidedList = h("ul", { class: "approval-list decided", "aria-labelledby": "approvals-decided-title" });
  const decidedPart = h("div", { hidden: "" }, decidedTitle, decidedList);
  const pendingTitle = h("h3", { id: "approvals-pending-title" }, t("approvalsPending", { count: "…" }));
  const pendingNote = h("div", {});
  const pendingList = h("ul", { class: "approval-list pending", "aria-labelledby": "approvals-pending-title" });
  const failedTitle = h("h3", { id: "approvals-failed-title" });
  const failedList = h("ul", { class: "approval-list failed", "aria-labelledby": "approvals-failed-title" });
  const failedPart = h("div", { hidden: "" }, failedTitle, failedList);
  const section = h("section", { id: "approvals", class: "approvals", "aria-labelledby": "approvals-title", hidden: "" },
    h("div", { class: "bar" }, title, close), status, decidedPart, pendingTitle, pendingNote, pendingList, failedPart);

  const pendingItems = new Map<string, Item>();
  const failedItems = new Map<string, Item>();
  const followed = new Map<string, ReturnType<typeof setTimeout>>();
  let open = false;
  let disposed = false;
  let sequence = 0;

  (account.querySelector(".signed-in") ?? account).append(" ", button);
  account.after(section);

  const problemText = (error: unknown) => error instanceof ApiError ? [error.title, error.detail].filter(Boolean).join(" ")
    : error instanceof Error ? error.message : String(error);
  const failure = (what: StringKey, error: unknown) => t("approvalsFailure", { what: t(what), why: problemText(error) });
  /** True when the failure is the sign-in's to show. */
  const signInNeeded = (error: unknown) => {
    if (!signInReason(error)) return false;
    failed(error);
    return true;
  };

  const actions: ActionDeps = { t, calls, failure, signInNeeded, decided, me: me.address };

  function setCount(total: number): void {
    button.textContent = t("approvalsButton", { count: total });
    pendingTitle.textContent = t("approvalsPending", { count: total });
  }

  async function count(): Promise<void> {
    try {
      setCount((await calls.list("Pending", 1)).total);
    } catch (error) {
      signInNeeded(error); // otherwise the count stays as it was; the view says why when opened
    }
  }

  async function load(): Promise<void> {
    const mine = ++sequence;
    if (!status.firstChild && pendingItems.size === 0) status.replaceChildren(renderMessage("loading", t("approvalsLoading")));
    try {
      const [pending, failing] = await Promise.all([calls.list("Pending"), calls.list("Failed")]);
      if (mine !== sequence || disposed) return;
      status.replaceChildren();
      setCount(pending.total);
      sync(pendingList, pendingItems, pending.requests, pendingItem);
      pendingNote.replaceChildren(
        pending.total === 0 ? renderMessage("empty", t("approvalsPendingEmpty"))
          : pending.total > pending.requests.length ? h("p", { class: "note" }, t("approvalsMore", { shown: pending.requests.length, total: pending.total }))
          : "");
      failedTitle.textContent = t("approvalsFailed", { count: failing.total });
      sync(failedList, failedItems, failing.requests, (r) => failedItem(actions, r));
      failedPart.hidden = failing.total === 0;
    } catch (error) {
      if (mine !== sequence || disposed || signInNeeded(error)) return;
      status.replaceChildren(renderMessage("error", failure("approvalsLoadFailed", error)));
    }
  }

  /** Keeps the element of every request whose listing did not change, so a poll never drops the approver's ticks,
   * typing or focus; touches the list only when its content or order changed. */
  function sync(list: HTMLElement, items: Map<string, Item>, requests: readonly AdminRequest[], make: (r: AdminRequest) => HTMLElement) {
    const next = new Map<string, Item>();
    for (const request of requests) {
      const key = listKey(request);
      const kept = items.get(request.id);
      next.set(request.id, kept && kept.key === key ? kept : { key, element: make(request) });
    }
    items.clear();
    for (const [id, item] of next) items.set(id, item);
    const elements = [...next.values()].map((i) => i.element);
    if (elements.length === list.children.length && elements.every((e, i) => list.children[i] === e)) return;
    const focused = document.activeElement;
    list.replaceChildren(...elements);
    if (focused instanceof HTMLElement && focused.isConnected && document.activeElement !== focused) focused.focus();
  }

  /** A pending request: its listing at once, then its full view (judged now) with the decision. */
  function pendingItem(listed: AdminRequest): HTMLElement {
    const item = h("li", { class: "approval", "data-id": listed.id }, ...renderSummary(t, listed));
    const body = h("div", { class: "approval-body" }, renderMessage("loading", t("approvalsLoading")));
    item.append(body);
    calls.view(listed.id).then(
      (view) => {
        // The list may carry fewer fields than the view: the view says best where the certificate came from.
        const [origin, ...rest] = item.querySelectorAll(":scope > .source, :scope > .renewal");
        rest.forEach((old) => old.remove());
        origin?.replaceWith(...renderOrigin(t, view));
        body.replaceChildren(decisionFor(actions, item, view));
      },
      (error: unknown) => {
        if (signInNeeded(error)) return;
        body.replaceChildren(renderMessage("error", failure("approvalsLoadFailed", error)));
        // A directory outage passes: the next reload makes this card again, and asks again.
        const kept = pendingItems.get(listed.id);
        if (kept?.element === item) kept.key = "";
      });
    return item;
  }

  /** The request leaves its list for "Decided here", where its state shows until it is published or has failed; the
   * focus follows it there. */
  function decided(item: HTMLElement, request: AdminRequest, doneKey: StringKey): void {
    pendingItems.delete(request.id);
    failedItems.delete(request.id);
    item.remove();
    decidedList.querySelector(`[data-id="${CSS.escape(request.id)}"]`)?.remove();
    const outcome = renderOutcome(t, request);
    const heading = h("h4", { class: "who", id: idFor(request, "decided"), tabindex: "-1" },
      h("span", { class: "name" }, request.displayName), h("span", { class: "address" }, request.emailAddress));
    const entry = h("li", { class: "approval", "data-id": request.id }, heading, outcome);
    decidedList.prepend(entry);
    decidedPart.hidden = false;
    heading.focus();
    announce(t(doneKey, { address: request.emailAddress }));
    if (inFlight(request.status)) follow(request, outcome);
    void load();
  }

  function follow(request: AdminRequest, shown: HTMLElement): void {
    followed.set(request.id, setTimeout(() => {
      followed.delete(request.id);
      if (disposed) return;
      calls.view(request.id).then((now) => {
        if (disposed) return;
        let current = shown;
        if (now.status !== request.status) {
          current = renderOutcome(t, now);
          shown.replaceWith(current);
          if (!inFlight(now.status)) {
            announce(t("approvalsOutcome", { address: now.emailAddress, state: requestStateText(t, now.status) }));
            void load(); // a failure joins the failed list, with Retry
          }
        }
        if (inFlight(now.status)) follow(now, current);
      }, (error: unknown) => {
        if (!signInNeeded(error)) follow(request, shown); // a passing outage: keep following
      });
    }, OUTCOME_MS));
  }

  function show(): void {
    open = true;
    section.hidden = false;
    button.setAttribute("aria-expanded", "true");
    title.focus();
    void load();
  }

  function hide(): void {
    open = false;
    section.hidden = true;
    button.setAttribute("aria-expanded", "false");
    button.focus();
  }

  button.addEventListener("click", () => (open ? hide() : show()));
  close.addEventListener("click", hide);
  section.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && !event.defaultPrevented && !(event.target as HTMLElement).closest(".confirm")) hide();
  });
  // As the recipient list: on an interval while visible, and whenever the approver comes back to the pane.
  const refresh = () => {
    if (document.visibilityState === "visible" && !disposed) void (open ? load() : count());
  };
  const poll = setInterval(refresh, POLL_MS);
  window.addEventListener("focus", refresh);
  document.addEventListener("visibilitychange", refresh);
  void count();

  return {
    dispose() {
      disposed = true;
      clearInterval(poll);
      window.removeEventListener("focus", refresh);
      document.removeEventListener("visibilitychange", refresh);
      for (const timer of followed.values()) clearTimeout(timer);
      button.remove();
      section.remove();
    },
  };
}
