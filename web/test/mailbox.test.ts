import { afterEach, describe, expect, it, vi } from "vitest";
import { isCompose, readRecipients } from "../src/mailbox";

type Callback = (result: { status: string; value?: unknown; error?: { name: string; message: string } }) => void;

function recipients(value: unknown[], fail = false) {
  return {
    getAsync: (callback: Callback) =>
      callback(fail ? { status: "failed", error: { name: "GenericResponseError", message: "nope" } } : { status: "succeeded", value }),
  };
}

describe("mailbox", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("reads To, Cc and Bcc in order and drops the empty addresses Outlook sometimes returns", async () => {
    vi.stubGlobal("Office", { AsyncResultStatus: { Succeeded: "succeeded", Failed: "failed" } });
    const item = {
      to: recipients([{ emailAddress: " a@x.example ", displayName: "A", recipientType: "user" }, { emailAddress: "", displayName: "ghost" }]),
      cc: recipients([]),
      bcc: recipients([{ emailAddress: "b@y.example", displayName: "b@y.example", recipientType: "other" }]),
    } as unknown as Office.MessageCompose;

    expect(await readRecipients(item)).toEqual([
      { field: "to", emailAddress: "a@x.example", displayName: "A", recipientType: "user" },
      { field: "bcc", emailAddress: "b@y.example", displayName: "b@y.example", recipientType: "other" },
    ]);
  });

  it("turns a failed getAsync into a rejected promise", async () => {
    vi.stubGlobal("Office", { AsyncResultStatus: { Succeeded: "succeeded", Failed: "failed" } });
    const item = { to: recipients([], true), cc: recipients([]), bcc: recipients([]) } as unknown as Office.MessageCompose;

    await expect(readRecipients(item)).rejects.toThrow("GenericResponseError: nope");
  });

  it("tells a message being written from one being read", () => {
    expect(isCompose({ to: recipients([]) } as unknown as Office.Item)).toBe(true);
    expect(isCompose({ to: [] } as unknown as Office.Item)).toBe(false);
    expect(isCompose(null)).toBe(false);
  });
});
