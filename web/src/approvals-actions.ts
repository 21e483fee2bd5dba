/** What the approver does to one request: approve or reject it, each through a confirmation step, or retry it once
 * it failed. Part of the approvals chunk, loaded on demand. */
import type { AdminRequest, ApprovalsApi } from "./approvals-model";
import { approveBody } from "./approvals-model";
import { renderConfirmApprove, renderConfirmReject, renderDecision, renderOutcome, renderSummary } from "./approvals-render";
import type { Translator } from "./i18n";
import { h, renderMessage } from "./render";
import type { StringKey } from "./strings/en";

export interface ActionDeps {
  t: Translator;
  calls: ApprovalsApi;
  /** "What failed: the API's sentence", in the user's language. */
  failure(what: StringKey, error: unknown): string;
  /** True when the failure is the sign-in's to show (and it has been handed over). */
  signInNeeded(error: unknown): boolean;
  /** Who is deciding: their own requests are for another approver. */
  me: string;
  /** The request was decided (or sent round again): its card moves to "Decided here". */
  decided(item: HTMLElement, request: AdminRequest, doneKey: StringKey): void;
}

/** Everything the decision needs, with Approve and Reject wired to their confirmation steps. */
export function decisionFor(deps: ActionDeps, item: HTMLElement, view: AdminRequest): HTMLElement {
  const { t, calls, failure, signInNeeded, decided } = deps;
  const element = renderDecision(t, view, view.requestedBy.toLowerCase() === deps.me.toLowerCase());
  if (!element.querySelector("button.approve")) return element;
  const approve = element.querySelector<HTMLButtonElement>("button.approve")!;
  const reject = element.querySelector<HTMLButtonElement>("button.reject")!;
  const confirmArea = element.querySelector<HTMLElement>(".confirm-area")!;
  const problemArea = element.querySelector<HTMLElement>(".problem-area")!;
  // A confirmation says what the choices were when it opened: changing one closes it.
  element.addEventListener("change", (event) => {
    if (!confirmArea.contains(event.target as Node)) confirmArea.replaceChildren();
  });

  approve.addEventListener("click", () => {
    problemArea.replaceChildren();
    const replaceBox = element.querySelector<HTMLInputElement>("input.replace");
    const chosen = approveBody(view, {
      ticked: [...element.querySelectorAll<HTMLInputElement>("input.trust:checked")].map((box) => box.value),
      replaceConfirmed: replaceBox?.checked ?? false,
      contactName: element.querySelector<HTMLInputElement>("input.contact-name")?.value ?? "",
    });
    if ("missing" in chosen) {
      problemArea.replaceChildren(renderMessage("error", t("approvalsReplaceRequired")));
      replaceBox?.focus();
      return;
    }
    const { body } = chosen;
    confirm(renderConfirmApprove(t, view, body.trustIssuers.length, body.replaceExisting ? view.wouldReplace?.length ?? 0 : 0), approve,
      () => calls.approve(view.id, body), "approvalsApproveFailed", "approvalsApproved");
  });
  reject.addEventListener("click", () => {
    problemArea.replaceChildren();
    const step = renderConfirmReject(t, view);
    const reason = step.querySelector<HTMLTextAreaElement>("textarea.reason")!;
    confirm(step, reject, () => calls.reject(view.id, reason.value.trim()), "approvalsRejectFailed", "approvalsRejected", reason);
  });

  /** The second step: Confirm does it, Cancel or Escape goes back to the button that opened it. */
  function confirm(step: HTMLElement, opener: HTMLButtonElement, act: () => Promise<AdminRequest>, failKey: StringKey,
    doneKey: StringKey, reason?: HTMLTextAreaElement): void {
    confirmArea.replaceChildren(step);
    const yes = step.querySelector<HTMLButtonElement>(".confirm-yes")!;
    const no = step.querySelector<HTMLButtonElement>(".confirm-no")!;
    let busy = false;
    const back = () => {
      if (busy) return;
      confirmArea.replaceChildren();
      problemArea.replaceChildren();
      opener.focus();
    };
    no.addEventListener("click", back);
    step.addEventListener("keydown", (event) => {
      if (event.key === "Escape") back();
    });
    yes.addEventListener("click", () => {
      if (busy) return;
      if (reason && !reason.value.trim()) {
        problemArea.replaceChildren(renderMessage("error", t("approvalsReasonRequired")));
        reason.focus();
        return;
      }
      // Not disabled while it works: the button keeps the keyboard focus, and a second press is ignored.
      busy = true;
      yes.setAttribute("aria-disabled", "true");
      problemArea.replaceChildren(renderMessage("loading", t("approvalsSending")));
      act().then(
        (answer) => decided(item, { ...view, ...answer }, doneKey),
        (error: unknown) => {
          busy = false;
          yes.removeAttribute("aria-disabled");
          if (signInNeeded(error)) return;
          problemArea.replaceChildren(renderMessage("error", failure(failKey, error)));
          yes.focus();
        });
    });
    (reason ?? yes).focus();
  }
  return element;
}

/** A failed request: why, and Retry. */
export function failedItem(deps: ActionDeps, request: AdminRequest): HTMLElement {
  const { t, calls, failure, signInNeeded, decided } = deps;
  const retry = h("button", { type: "button", class: "button retry" }, t("approvalsRetry"));
  const problemArea = h("div", { class: "problem-area", "aria-live": "polite" });
  const item = h("li", { class: "approval", "data-id": request.id }, ...renderSummary(t, request), renderOutcome(t, request),
    h("div", { class: "actions" }, retry), problemArea);
  let busy = false;
  retry.addEventListener("click", () => {
    if (busy) return;
    busy = true;
    problemArea.replaceChildren(renderMessage("loading", t("approvalsSending")));
    calls.retry(request.id).then(
      (answer) => decided(item, { ...request, status: answer.status }, "approvalsRetried"),
      (error: unknown) => {
        busy = false;
        if (!signInNeeded(error)) problemArea.replaceChildren(renderMessage("error", failure("approvalsRetryFailed", error)));
      });
  });
  return item;
}
