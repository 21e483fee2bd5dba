import { describe, expect, it } from "vitest";
import { createTranslator, pickLanguage } from "../src/i18n";
import { en } from "../src/strings/en";
import { fr } from "../src/strings/fr";

describe("strings", () => {
  it("en and fr have exactly the same keys", () => {
    expect(Object.keys(fr).sort()).toEqual(Object.keys(en).sort());
  });

  it("no sentence is left empty or untranslated placeholder-wise", () => {
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect(fr[key].trim(), key).not.toBe("");
      const placeholders = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
      expect(placeholders(fr[key]), key).toEqual(placeholders(en[key]));
    }
  });
});

describe("pickLanguage", () => {
  it.each([
    ["fr-FR", "en-US", "fr"],
    ["en-GB", "fr-FR", "en"],
    [undefined, "fr-CA", "fr"],
    [undefined, undefined, "en"],
    ["de-DE", "fr-FR", "en"],
  ] as const)("Office %s, browser %s gives %s", (office, browser, expected) => {
    expect(pickLanguage(office, browser)).toBe(expected);
  });
});

describe("translator", () => {
  it("fills placeholders and uses each language's plural rules", () => {
    expect(createTranslator("en").plural("summary", 3, { ready: 3, total: 5 })).toBe("3 of 5 recipients can receive encrypted mail.");
    expect(createTranslator("fr").plural("summary", 1, { ready: 1, total: 5 })).toBe("1 destinataire sur 5 peut recevoir un message chiffré.");
    expect(createTranslator("fr").plural("summary", 0, { ready: 0, total: 5 })).toBe("0 destinataire sur 5 peut recevoir un message chiffré.");
    expect(createTranslator("fr").plural("summary", 2, { ready: 2, total: 5 })).toBe("2 destinataires sur 5 peuvent recevoir un message chiffré.");
  });
});
