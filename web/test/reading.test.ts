import { afterEach, describe, expect, it, vi } from "vitest";
import type { InspectedCertificate, RecipientReadiness } from "../src/api";
import { mimeUrl, signedFromFilter, signedFromUrl } from "../src/graph";
import { fromBase64, isRead, messageWay, readMessage, restId } from "../src/mailbox";
import { namedBesides, renews } from "../src/reading";

/** Office's own rule: versions compare part by part, so 1.14 is above 1.7 and 1.13 is below 1.14. */
const upTo = (highest: number) => (name: string, version: string) => name === "Mailbox" && Number(version.split(".")[1]) <= highest;

function stubConvert() {
  const convertToRestId = vi.fn((itemId: string, version: string) => `rest(${version}):${itemId.replace(/\//g, "-")}`);
  vi.stubGlobal("Office", { context: { mailbox: { convertToRestId } }, MailboxEnums: { RestVersion: { v1_0: "v1.0", v2_0: "v2.0" } } });
  return convertToRestId;
}

describe("reading a received message", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("takes the message from Outlook itself where Mailbox 1.14 is supported, whatever the sign-in", () => {
    expect(messageWay(upTo(14), false)).toBe("file");
    expect(messageWay(upTo(16), true)).toBe("file");
  });

  it("falls back to Graph below Mailbox 1.14 only with a Graph token, and to a dropped file without one", () => {
    expect(messageWay(upTo(13), true)).toBe("graph");
    expect(messageWay(upTo(7), false)).toBe("drop");
  });

  it("asks for the 1.14 requirement set by its string version, never as a decimal", () => {
    const asked = vi.fn(() => false);
    messageWay(asked, false);
    expect(asked).toHaveBeenCalledWith("Mailbox", "1.14");
  });

  it("converts the item id to a REST v2.0 id before asking Graph", () => {
    const convert = stubConvert();

    expect(restId("AAMk/abc+=")).toBe("rest(v2.0):AAMk-abc+=");
    expect(convert).toHaveBeenCalledWith("AAMk/abc+=", "v2.0");
  });

  it("puts the converted id in Graph's $value route as one path segment", () => {
    stubConvert();

    expect(mimeUrl("AAMk?x#y")).toBe("https://graph.microsoft.com/v1.0/me/messages/rest(v2.0)%3AAAMk%3Fx%23y/$value");
  });

  it("decodes getAsFileAsync's base64 EML, line breaks and all", () => {
    expect(new TextDecoder().decode(fromBase64("RnJvbTog\r\nYUBiLmV4YW1wbGU="))).toBe("From: a@b.example");
  });

  it("tells a message being read from one being written, and reads its sender and where it came from", () => {
    const item = {
      from: { emailAddress: " lea@northwind.example ", displayName: "Léa" },
      itemId: "AAMk1", internetMessageId: "<1@northwind.example>", subject: "Hello", dateTimeCreated: new Date("2026-12-01T08:00:00Z"),
    } as unknown as Office.MessageRead;

    expect(isRead(item)).toBe(true);
    expect(isRead({ to: { getAsync() {} } } as unknown as Office.Item)).toBe(false);
    expect(readMessage(item)).toEqual({
      key: "AAMk1", itemId: "AAMk1", sender: { emailAddress: "lea@northwind.example", displayName: "Léa" },
      origin: { messageId: "<1@northwind.example>", subject: "Hello", receivedAt: "2026-12-01T08:00:00.000Z" },
    });
  });

  it("lists the addresses the certificates name besides the sender, once each", () => {
    const certificate = (emailAddresses: string[]) => ({ emailAddresses }) as InspectedCertificate;

    expect(namedBesides([certificate(["Lea@northwind.example", "lea.b@northwind.example"]), certificate([]),
      certificate(["LEA.B@northwind.example", "team@northwind.example"])], "lea@northwind.example"))
      .toEqual(["lea.b@northwind.example", "team@northwind.example"]);
  });
});

describe("finding the signed messages a recipient sent", () => {
  it("filters on the sender's address and on the S/MIME message classes, multipart/signed and opaque, by PR_MESSAGE_CLASS", () => {
    expect(signedFromFilter("iris@northwind.example")).toBe(
      "receivedDateTime ge 1900-01-01T00:00:00Z and from/emailAddress/address eq 'iris@northwind.example'" +
      " and singleValueExtendedProperties/any(ep: ep/id eq 'String 0x001A'" +
      " and (ep/value eq 'IPM.Note.SMIME.MultipartSigned' or ep/value eq 'IPM.Note.SMIME'))");
  });

  it("doubles a quote in the address, so the address cannot end the OData string", () => {
    expect(signedFromFilter("o'brien' or true or 'x@y.example")).toContain("address eq 'o''brien'' or true or ''x@y.example'");
  });

  it("asks Graph for the newest five, newest first, with only the fields the offer shows", () => {
    const url = new URL(signedFromUrl("iris@northwind.example"));

    expect(url.origin + url.pathname).toBe("https://graph.microsoft.com/v1.0/me/messages");
    expect(url.searchParams.get("$filter")).toBe(signedFromFilter("iris@northwind.example"));
    expect(url.searchParams.get("$orderby")).toBe("receivedDateTime desc");
    expect(url.searchParams.get("$top")).toBe("5");
    expect(url.searchParams.get("$select")).toBe("id,subject,receivedDateTime,internetMessageId");
    expect(url.search).not.toContain("+");
  });
});

describe("renewing from a received message", () => {
  const ready = (notAfter: string, kind = "mailContact"): RecipientReadiness => ({
    emailAddress: "lena@fabrikam.example", status: "ready", findings: [], hint: "",
    galEntry: { name: "Lena_SMIME", displayName: "Lena", kind, primarySmtpAddress: "lena@fabrikam.example" },
    certificate: { thumbprint: "AB", subject: "CN=Lena", issuer: "CN=CA", notAfter, daysLeft: 10 },
  });
  const carried = (notAfter: string, usable = true): InspectedCertificate => ({
    subject: "CN=Lena", issuer: "CN=CA", notBefore: "2026-01-01T00:00:00Z", notAfter,
    emailAddresses: ["lena@fabrikam.example"], signedTheFile: true, usable, findings: [],
  });

  it("offers a renewal when the message's certificate outlasts the ready contact's by more than a day", () => {
    expect(renews(ready("2026-12-17T00:00:00Z"), carried("2028-12-17T00:00:00Z"))).toBe(true);
  });

  it("offers none for the same end, a mailbox, an unusable certificate, or a recipient not ready", () => {
    expect(renews(ready("2026-12-17T00:00:00Z"), carried("2026-12-17T12:00:00Z"))).toBe(false);
    expect(renews(ready("2026-12-17T00:00:00Z", "mailbox"), carried("2028-12-17T00:00:00Z"))).toBe(false);
    expect(renews(ready("2026-12-17T00:00:00Z"), carried("2028-12-17T00:00:00Z", false))).toBe(false);
    expect(renews({ ...ready("2026-12-17T00:00:00Z"), status: "notPublished" }, carried("2028-12-17T00:00:00Z"))).toBe(false);
  });
});
