// A stand-in for https://appsforoffice.microsoft.com/lib/1/hosted/office.js: only what src/mailbox.ts,
// src/recipients.ts, src/screen.ts and src/taskpane.ts call, in a compose item of Outlook on the web. The test page
// answers the CDN URL with this file, prefixed by `window.__officeSettings = {...}` (display language, theme, the
// message's first recipients). From the test:
//   window.__setRecipients({ to: [{ emailAddress, displayName }], cc: [...], bcc: [...] })
//   window.__fireRecipientsChanged(["to"])   (as Outlook fires it: a RecipientsChanged event per handler)
// With `read: { from, subject, itemId, internetMessageId, dateTimeCreated, eml }` in the settings the item is a received
// message being read instead, whose getAsFileAsync answers `eml` (base64, as Outlook gives it) where Mailbox 1.14 is
// supported (`mailboxVersion`, default "1.13"). window.__selectMessage(read) selects another message in a pinned pane
// and fires ItemChanged. With `naa: { tokens: { "<scope>": "<access token>" } }` Outlook offers nested app
// authentication (NestedAppAuth 1.1) and window.nestedAppAuthBridge answers MSAL as Outlook's host does, with the token
// given for each scope asked (an unknown scope is refused).
(() => {
  const settings = window.__officeSettings || {};
  const state = { to: [], cc: [], bcc: [] };
  for (const name of ["to", "cc", "bcc"]) state[name] = (settings.recipients?.[name] || []).map((r) => ({ ...r }));
  const handlers = { item: {}, mailbox: {} };
  const succeeded = (value) => ({ status: "succeeded", value, error: undefined, asyncContext: undefined });
  const callbackOf = (a, b) => (typeof a === "function" ? a : b);
  const later = (fn) => setTimeout(fn, 0); // Office answers asynchronously

  const field = (name) => ({
    getAsync(options, callback) {
      const done = callbackOf(options, callback);
      const copy = state[name].map((r) => ({ recipientType: "externalUser", ...r }));
      later(() => done(succeeded(copy)));
    },
  });
  const addHandler = (bag) => (type, handler, options, callback) => {
    (bag[type] ||= []).push(handler);
    const done = callbackOf(options, callback);
    if (done) later(() => done(succeeded(undefined)));
  };

  const compose = {
    itemType: "message",
    to: field("to"),
    cc: field("cc"),
    bcc: field("bcc"),
    addHandlerAsync: addHandler(handlers.item),
  };
  const [, highestMinor] = String(settings.mailboxVersion || "1.13").split(".").map(Number);
  const supports = (name, version = "1.1") => {
    const [major, minor = 0] = String(version).split(".").map(Number);
    if (name === "NestedAppAuth") return !!settings.naa && major === 1 && minor <= 1;
    return name === "Mailbox" && (major < 1 || (major === 1 && minor <= highestMinor));
  };
  // A received message as Outlook on the web gives it in read mode: from is an address, not a getAsync field.
  const reading = (read) => ({
    itemType: "message",
    itemId: read.itemId,
    internetMessageId: read.internetMessageId,
    subject: read.subject,
    dateTimeCreated: new Date(read.dateTimeCreated),
    from: { emailAddress: read.from.emailAddress, displayName: read.from.displayName, recipientType: "externalUser" },
    sender: { emailAddress: read.from.emailAddress, displayName: read.from.displayName, recipientType: "externalUser" },
    to: [], cc: [],
    addHandlerAsync: addHandler(handlers.item),
    ...(supports("Mailbox", "1.14") ? {
      getAsFileAsync(options, callback) {
        const done = callbackOf(options, callback);
        later(() => done(succeeded(read.eml)));
      },
    } : {}),
  });
  const item = settings.read ? reading(settings.read) : compose;

  const Office = {
    HostType: { Outlook: "Outlook", Word: "Word", Excel: "Excel" },
    PlatformType: { OfficeOnline: "OfficeOnline" },
    AsyncResultStatus: { Succeeded: "succeeded", Failed: "failed" },
    EventType: { RecipientsChanged: "olkRecipientsChanged", ItemChanged: "olkItemChanged" },
    MailboxEnums: { RestVersion: { v1_0: "v1.0", v2_0: "v2.0", Beta: "beta" } },
    onReady(callback) {
      const info = { host: "Outlook", platform: "OfficeOnline" };
      return new Promise((resolve) => later(() => {
        if (callback) callback(info);
        resolve(info);
      }));
    },
    context: {
      displayLanguage: settings.displayLanguage || "en-US",
      officeTheme: settings.officeTheme || {
        bodyBackgroundColor: "#ffffff", bodyForegroundColor: "#000000",
        controlBackgroundColor: "#ffffff", controlForegroundColor: "#000000",
      },
      requirements: {
        // Mailbox up to mailboxVersion here ("1.7" is compared part by part, not as a number).
        isSetSupported: supports,
      },
      mailbox: {
        item,
        addHandlerAsync: addHandler(handlers.mailbox),
        convertToRestId: (itemId, version) => (version === "v2.0" ? itemId.replace(/\//g, "-").replace(/\+/g, "_") : itemId),
      },
    },
  };
  window.Office = Office;
  if (settings.naa) window.nestedAppAuthBridge = naaBridge(settings.naa.tokens);

  window.__setRecipients = (lists) => {
    for (const name of ["to", "cc", "bcc"]) state[name] = (lists[name] || []).map((r) => ({ ...r }));
  };
  window.__fireRecipientsChanged = (fields = ["to", "cc", "bcc"]) => {
    const event = {
      type: Office.EventType.RecipientsChanged,
      changedRecipientFields: { to: fields.includes("to"), cc: fields.includes("cc"), bcc: fields.includes("bcc") },
    };
    for (const handler of handlers.item[Office.EventType.RecipientsChanged] || []) later(() => handler(event));
  };
  // The host side of MSAL's nested app authentication bridge: JSON envelopes in, JSON envelopes out.
  function naaBridge(tokens) {
    const listeners = [];
    const base64url = (value) => btoa(unescape(encodeURIComponent(JSON.stringify(value))))
      .replace(/=+$/, "").replace(/\+/g, "-").replace(/\//g, "_");
    const now = Math.floor(Date.now() / 1000);
    const claims = { aud: "stub", iss: "https://login.microsoftonline.com/tid/v2.0", iat: now, nbf: now, exp: now + 3600,
      oid: "oid", sub: "sub", tid: "tid", name: "René Requester", preferred_username: "rene.requester@contoso.example", ver: "2.0" };
    const idToken = `${base64url({ alg: "none", typ: "JWT" })}.${base64url(claims)}.`;
    const account = { homeAccountId: "oid.tid", environment: "login.microsoftonline.com", tenantId: "tid",
      username: claims.preferred_username, localAccountId: "oid", name: claims.name };
    const answer = (envelope) => later(() => {
      for (const listener of listeners) listener(JSON.stringify(envelope));
    });
    return {
      addEventListener: (type, listener) => listeners.push(listener),
      removeEventListener: (type, listener) => listeners.splice(listeners.indexOf(listener), 1),
      postMessage(message) {
        const request = JSON.parse(message);
        const reply = { messageType: "NestedAppAuthResponse", requestId: request.requestId };
        if (request.method === "GetInitContext")
          return answer({ ...reply, success: true, initContext: { sdkName: "stub", sdkVersion: "1.0", capabilities: { queryAccount: false } } });
        const scopes = String(request.tokenParams?.scope ?? "").split(" ");
        const scope = Object.keys(tokens).find((known) => scopes.includes(known));
        if (!scope) return answer({ ...reply, success: false, error: { status: "PERSISTENT_ERROR", code: "unknown_scope", description: scopes.join(" ") } });
        answer({ ...reply, success: true, account,
          token: { access_token: tokens[scope], expires_in: 3600, id_token: idToken, scope, properties: null } });
      },
    };
  }

  window.__selectMessage = (read) => {
    // As Outlook does between two items, the pane may see no item at all for a moment.
    Office.context.mailbox.item = null;
    later(() => {
      Office.context.mailbox.item = reading(read);
      for (const handler of handlers.mailbox[Office.EventType.ItemChanged] || []) handler({ type: Office.EventType.ItemChanged });
    });
  };
  window.__itemChangedHandlers = () => (handlers.mailbox[Office.EventType.ItemChanged] || []).length;
  window.__recipientsChangedHandlers = () => (handlers.item[Office.EventType.RecipientsChanged] || []).length;
})();
