import { describe, expect, it } from "vitest";
import { ApiError, createApi } from "../src/api";

function apiAnswering(response: Response | Error, seen: Request[] = []) {
  return createApi({
    getToken: async () => "token-1",
    language: () => "fr",
    unreachable: () => "Serveur injoignable",
    fetch: async (input, init) => {
      seen.push(new Request(new URL(String(input), "http://localhost"), init));
      if (response instanceof Error) throw response;
      return response;
    },
  });
}

describe("api", () => {
  it("sends the token and the pane's language", async () => {
    const seen: Request[] = [];
    const api = apiAnswering(Response.json({ recipients: [] }), seen);

    await api.check([{ emailAddress: "a@x.example" }]);

    expect(seen[0]!.headers.get("Authorization")).toBe("Bearer token-1");
    expect(seen[0]!.headers.get("Accept-Language")).toBe("fr");
    expect(seen[0]!.method).toBe("POST");
  });

  it("turns problem details into an ApiError carrying the title and code", async () => {
    const problem = new Response(JSON.stringify({ title: "Trop de destinataires", status: 400, code: "Validation" }), {
      status: 400, headers: { "Content-Type": "application/problem+json" },
    });
    const error = await apiAnswering(problem).me().catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).title).toBe("Trop de destinataires");
    expect((error as ApiError).code).toBe("Validation");
    expect((error as ApiError).status).toBe(400);
  });

  it("says the server is unreachable when fetch itself fails", async () => {
    const error = (await apiAnswering(new TypeError("Failed to fetch")).me().catch((e: unknown) => e)) as ApiError;

    expect(error.offline).toBe(true);
    expect(error.title).toBe("Serveur injoignable");
  });
});
