/** The user's own contact requests: shown on demand under the list, and again after each new request. */
import { ApiError, type Api } from "./api";
import type { Translator } from "./i18n";
import { h, renderMessage, renderMyRequests } from "./render";

export interface MyRequests {
  show(): Promise<void>;
  hide(): void;
  /** Loads them again only when on screen: nobody asked to see them otherwise. */
  refresh(): void;
}

export function createMyRequests(t: Translator, api: Api, section: HTMLElement): MyRequests {
  const title = () => h("h2", { id: "mine-title" }, t("myRequests"));

  async function show(): Promise<void> {
    try {
      const requests = await api.myRequests();
      section.replaceChildren(title(), renderMyRequests(t, requests));
    } catch (error) {
      section.replaceChildren(title(), renderMessage("error", error instanceof ApiError ? error.title : String(error)));
    }
    section.hidden = false;
  }

  return {
    show,
    hide: () => {
      section.hidden = true;
    },
    refresh: () => {
      if (!section.hidden) void show();
    },
  };
}
