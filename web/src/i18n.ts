import { en, type StringKey, type Strings } from "./strings/en";
import { fr } from "./strings/fr";

export type Language = "en" | "fr";

const catalogues: Record<Language, Strings> = { en, fr };

/** Outlook's display language first (the user chose it there), else the browser's; English when neither is known. */
export function pickLanguage(officeLanguage: string | undefined, browserLanguage: string | undefined): Language {
  for (const candidate of [officeLanguage, browserLanguage]) {
    const primary = candidate?.trim().toLowerCase().split(/[-_]/)[0];
    if (primary === "fr" || primary === "en") return primary;
    if (primary) return "en"; // a known language we do not speak: English, not the browser's guess
  }
  return "en";
}

export interface Translator {
  readonly language: Language;
  /** The sentence for key, with {name} placeholders filled from values. */
  (key: StringKey, values?: Record<string, string | number>): string;
  /** The plural form of key (key_one / key_other) for count, by the language's own rules. */
  plural(key: "summary" | "expiresIn", count: number, values?: Record<string, string | number>): string;
  date(value: string | Date): string;
}

export function createTranslator(language: Language): Translator {
  const strings = catalogues[language];
  const rules = new Intl.PluralRules(language);
  const dates = new Intl.DateTimeFormat(language, { dateStyle: "medium" });
  const t = ((key: StringKey, values?: Record<string, string | number>) => fill(strings[key], values)) as Translator;
  Object.defineProperty(t, "language", { value: language });
  t.plural = (key, count, values) => {
    const form = rules.select(count) === "one" ? "one" : "other";
    return fill(strings[`${key}_${form}`], { ...values });
  };
  t.date = (value) => dates.format(typeof value === "string" ? new Date(value) : value);
  return t;
}

function fill(template: string, values: Record<string, string | number> | undefined): string {
  if (!values) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}
