/** The pane on a message being read: its sender (and every other address its certificates name) checked as recipients
 * are in compose, the signer's certificate judged for the sender's address, and the request filed in one click with
 * the message itself as the file, since the API reads signed messages. */
import { ApiError, type Api, type InspectedCertificate, type RecipientReadiness } from "./api";
import { canReadMailWithGraph } from "./auth";
import { fetchMime } from "./graph";
import type { Translator } from "./i18n";
import { getAsFile, isRead, messageWay, readMessage, type ReadMessage } from "./mailbox";
import type { Source } from "./recipients";
import { h, pickCertificate, renderMessage, renderVerdict, type ActionFor, type Asked } from "./render";
import { mayRequest, offerRequest, suggestedName, type RequestOfferOptions } from "./request";

/** What the message brings: its certificates, none (not signed), none the pane can fetch itself, or an error. */
type Evidence =
  | { kind: "signed"; file: File; certificates: InspectedCertificate[] }
  | { kind: "unsigned" }
  | { kind: "drop" }
  | { kind: "failed"; reason: string };

interface Shown {
  message: ReadMessage;
  evidence: Evidence;
}

export interface Reading {
  source: Source;
  /** Beside the sender: the signature's verdict and the one-click request; beside others, the request. */
  offer(options: RequestOfferOptions): ActionFor;
}

export function createReading(t: Translator, api: Api): Reading {
  let shown: Shown | undefined;
  let pending: { key: string; evidence: Promise<Evidence> } | undefined;

  async function read(): Promise<Asked[]> {
    // Read the item each time: a pinned pane follows the selected message, and the item is null in between.
    const item = Office.context.mailbox.item;
    if (!isRead(item)) return [];
    const message = readMessage(item);
    if (!message.sender.emailAddress) return [];
    // The message is fetched and inspected once per item, not on every refresh of the statuses.
    if (pending?.key !== message.key) pending = { key: message.key, evidence: gather(api, item, message) };
    const mine = pending;
    const evidence = await mine.evidence.catch((error: unknown) => {
      if (pending === mine) pending = undefined; // a refusal such as an ended session: try again next time
      throw error;
    });
    if (pending === mine) shown = { message, evidence };
    const sender: Asked = { field: "from", ...message.sender };
    const others = evidence.kind === "signed" ? namedBesides(evidence.certificates, sender.emailAddress) : [];
    return [sender, ...others.map((emailAddress): Asked => ({ field: "signer", emailAddress, displayName: "" }))];
  }

  return {
    source: { read, empty: "readNoSender", compose: false, follows: true },
    offer(options) {
      const fallback = offerRequest(options); // the drop panel, when the message brings no certificate
      return (asked, result) => {
        const current = shown;
        const evidence = current?.evidence;
        const verdict = asked.field === "from" && evidence ? renderEvidence(t, evidence, asked.emailAddress) : null;
        const action = evidence?.kind === "signed" && names(evidence.certificates, asked.emailAddress)
          ? oneClick(options, asked, result, evidence, current!.message)
          : fallback(asked, result);
        return verdict || action ? h("div", { class: "reading" }, verdict, action) : null;
      };
    },
  };
}

async function gather(api: Api, item: Office.MessageRead, message: ReadMessage): Promise<Evidence> {
  const way = messageWay((name, version) => Office.context.requirements.isSetSupported(name, version), canReadMailWithGraph());
  if (way === "drop") return { kind: "drop" };
  let bytes: Uint8Array<ArrayBuffer>;
  try {
    bytes = way === "file" ? await getAsFile(item) : await fetchMime(message.itemId);
  } catch (error) {
    return { kind: "failed", reason: error instanceof Error ? error.message : String(error) };
  }
  const file = new File([bytes], "message.eml", { type: "message/rfc822" });
  try {
    const { certificates } = await api.inspect(file, message.sender.emailAddress);
    return { kind: "signed", file, certificates };
  } catch (error) {
    // A message with no signature brings no certificate: that is an answer, not a failure.
    if (error instanceof ApiError && (error.code === "NoCertificate" || error.code === "UnsupportedFormat")) return { kind: "unsigned" };
    // The API's refusal of this file (too large, corrupt) is said beside the sender; a session or the network is not.
    if (error instanceof ApiError && error.status >= 400 && error.status < 500 && error.status !== 401 && error.status !== 429)
      return { kind: "failed", reason: error.title };
    throw error;
  }
}

const lower = (address: string) => address.trim().toLowerCase();

function names(certificates: readonly InspectedCertificate[], address: string): boolean {
  return certificates.some((c) => c.emailAddresses.some((a) => lower(a) === lower(address)));
}

/** Every address the message's certificates name other than the sender's, once each, in the file's order. */
export function namedBesides(certificates: readonly InspectedCertificate[], sender: string): string[] {
  const seen = new Set([lower(sender)]);
  const named: string[] = [];
  for (const address of certificates.flatMap((c) => c.emailAddresses)) {
    if (seen.has(lower(address))) continue;
    seen.add(lower(address));
    named.push(address.trim());
  }
  return named;
}

function renderEvidence(t: Translator, evidence: Evidence, sender: string): HTMLElement {
  switch (evidence.kind) {
    case "signed": {
      const certificate = pickCertificate(evidence.certificates, sender)!;
      return h("div", { class: "signature" },
        h("h3", { class: "group" }, t("signatureTitle")),
        renderVerdict(t, certificate, sender),
        h("p", { class: "issuer" }, t("signatureIssuer", {
          issuer: certificate.issuer, from: t.date(certificate.notBefore), until: t.date(certificate.notAfter),
        })));
    }
    case "unsigned":
      return renderMessage("info", t("messageNotSigned"));
    case "drop":
      return renderMessage("info", t("messageSaveAndDrop"));
    case "failed":
      return renderMessage("error", t("messageUnreadable", { reason: evidence.reason }));
  }
}

const day = 24 * 60 * 60 * 1000;

/** A ready contact whose published certificate ends before the one this message carries (by more than a day, as the
 * API counts a renewal): the message can renew it. */
export function renews(result: RecipientReadiness, carried: InspectedCertificate | undefined): boolean {
  return result.status === "ready" && result.galEntry?.kind === "mailContact" && !!result.certificate && !!carried &&
    carried.usable && Date.parse(carried.notAfter) > Date.parse(result.certificate.notAfter) + day;
}

/** One button: the request, with the message as its file and where it came from, nothing more to choose; for a
 * ready contact whose certificate this message's outlasts, the same request renews it. */
function oneClick({ t, api, area, announce, me, sent }: RequestOfferOptions, asked: Asked, result: RecipientReadiness,
  evidence: Extract<Evidence, { kind: "signed" }>, message: ReadMessage): HTMLElement | null {
  const file = evidence.file;
  const carried = pickCertificate(evidence.certificates, asked.emailAddress);
  const renewal = renews(result, carried);
  const may = mayRequest(result, me(), renewal);
  if (may !== "yes") return may === "no" ? h("p", { class: "note" }, t("cannotRequest")) : null;
  const button = h("button", { type: "button", class: "button primary" }, t(renewal ? "renewButton" : "requestButton"));
  button.addEventListener("click", () => {
    button.disabled = true;
    area.replaceChildren(renderMessage("loading", t("requestSending")));
    api.submitRequest(file, asked.emailAddress, suggestedName(asked, result), message.origin).then(
      () => {
        const text = t("requestSent", { address: asked.emailAddress });
        area.replaceChildren(h("div", { class: "message", role: "status" }, h("p", {}, text)));
        announce(text);
        sent();
      },
      (error: unknown) => {
        area.replaceChildren(renderMessage("error", error instanceof ApiError ? error.title : String(error)));
        button.disabled = false;
      });
  });
  const note = renewal
    ? h("p", { class: "note" }, t("renewNote", { until: t.date(carried!.notAfter), published: t.date(result.certificate!.notAfter) }))
    : null;
  return h("div", { class: "actions" }, note, button);
}
