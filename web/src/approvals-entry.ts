/** The approvals view is code only approvers need: it is loaded on demand, once /api/me says the user may approve,
 * and taken down when they sign out. */
import type { Me } from "./api";
import type { Approvals, ApprovalsOptions } from "./approvals";

export interface ApprovalsSlot {
  signedIn(me: Me | undefined): void;
  signedOut(): void;
}

export function approvalsSlot(options: ApprovalsOptions): ApprovalsSlot {
  let current: Promise<Approvals> | undefined;
  const signedOut = () => {
    void current?.then((approvals) => approvals.dispose());
    current = undefined;
  };
  return {
    signedIn(me) {
      signedOut();
      if (!me?.canApprove) return;
      current = import("./approvals").then((module) => module.createApprovals(options, me));
      current.catch((error: unknown) => options.failed(error));
    },
    signedOut,
  };
}
