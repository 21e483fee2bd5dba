import { afterEach, describe, expect, it, vi } from "vitest";
import { canReadMailWithGraph, configureAuth, getGraphToken, getToken, SignInRequired } from "../src/auth";

const entra = { authMode: "entra" as const, clientId: "client-1", apiScope: "api://client-1/access_as_user" };

describe("auth", () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    configureAuth({ authMode: "local" });
  });

  it("asks for local sign-in before any token exists", async () => {
    configureAuth({ authMode: "local" });

    await expect(getToken()).rejects.toEqual(new SignInRequired("signedOut"));
  });

  it("says Entra sign-in needs Outlook when opened outside it", async () => {
    configureAuth(entra);

    const error = (await getToken().catch((e: unknown) => e)) as SignInRequired;

    expect(error).toBeInstanceOf(SignInRequired);
    expect(error.reason).toBe("entraUnavailable");
  });

  it("falls back to Office SSO where Nested App Authentication is not supported", async () => {
    const getAccessToken = vi.fn(async () => "sso-token");
    vi.stubGlobal("Office", { context: { requirements: { isSetSupported: () => false } }, auth: { getAccessToken } });
    configureAuth(entra);

    expect(await getToken()).toBe("sso-token");
    expect(getAccessToken).toHaveBeenCalledWith({ allowSignInPrompt: true, allowConsentPrompt: true });
  });

  it("reads mail through Graph only with Entra sign-in through Nested App Authentication, never with Office SSO's token", async () => {
    const naa = (supported: boolean) =>
      vi.stubGlobal("Office", { context: { requirements: { isSetSupported: (name: string) => supported && name === "NestedAppAuth" } } });

    configureAuth({ authMode: "local" });
    naa(true);
    expect(canReadMailWithGraph()).toBe(false);

    configureAuth(entra);
    naa(false);
    expect(canReadMailWithGraph()).toBe(false);
    await expect(getGraphToken()).rejects.toEqual(new SignInRequired("entraUnavailable"));

    naa(true);
    expect(canReadMailWithGraph()).toBe(true);
  });
});
