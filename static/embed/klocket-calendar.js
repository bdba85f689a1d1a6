/*
 * <klocket-calendar>: KLOCKET's coming activities on a partner's web page.
 *
 *   <script src="https://PORTAL/static/embed/klocket-calendar.js" defer></script>
 *   <klocket-calendar area="klockaretorpet" organiser="svenska-kyrkan" limit="5" lang="sv">
 *     <noscript><a href="https://PORTAL/kalender/">...</a></noscript>
 *   </klocket-calendar>
 *
 * Reads the portal's public API (/api/v1/events/, CORS, no cookies: credentials are omitted and
 * nothing is stored in the browser). Renders a list with headings and real links inside a shadow
 * root, so the partner's styles do not leak in and ours do not leak out; themable through the
 * custom properties --klocket-accent, --klocket-text, --klocket-border, --klocket-font.
 * Hand-written, no build step, no dependencies. Attributes: area, place, organiser, audience,
 * language, form, q (the calendar's filters), limit (1-20), lang, heading, portal (the portal's
 * origin; default: where this script came from).
 */
(() => {
  "use strict";
  const script = document.currentScript;
  const defaultPortal = script && script.src ? new URL(script.src).origin : window.location.origin;
  const FILTERS = ["area", "place", "organiser", "audience", "language", "form", "q"];
  const RTL = new Set(["ar", "fa", "he", "ur", "ps", "ckb"]);
  // The widget's own words. Arabic is a first version until a native speaker has reviewed it.
  const TEXTS = {
    sv: {
      heading: "På gång i KLOCKET",
      loading: "Hämtar aktiviteter…",
      empty: "Inga kommande aktiviteter just nu.",
      cancelled: "Inställt",
      all: "Alla aktiviteter i KLOCKETs kalender",
      failed: "Kalendern kunde inte hämtas just nu.",
    },
    en: {
      heading: "Coming up at KLOCKET",
      loading: "Loading activities…",
      empty: "No coming activities right now.",
      cancelled: "Cancelled",
      all: "All activities in the KLOCKET calendar",
      failed: "The calendar could not be loaded right now.",
    },
    ar: {
      heading: "الأنشطة القادمة في KLOCKET",
      loading: "جارٍ تحميل الأنشطة…",
      empty: "لا توجد أنشطة قادمة حاليًا.",
      cancelled: "ملغى",
      all: "كل الأنشطة في تقويم KLOCKET",
      failed: "تعذّر تحميل التقويم الآن.",
    },
  };
  const API_LANGUAGES = new Set(["sv", "en"]);
  const CSS = `
    :host { display: block; font-family: var(--klocket-font, inherit); color: var(--klocket-text, inherit); }
    section { margin: 0; }
    h2 { font-size: 1.25em; margin: 0 0 0.5em; }
    ul { list-style: none; margin: 0; padding: 0; }
    li { border-top: 1px solid var(--klocket-border, #d0d0d7); padding: 0.5em 0; }
    h3 { font-size: 1.05em; margin: 0; }
    p { margin: 0.15em 0 0; }
    a { color: var(--klocket-accent, #0b4f9c); text-decoration: underline; }
    a:focus-visible { outline: 3px solid var(--klocket-accent, #0b4f9c); outline-offset: 2px; }
    .cancelled h3 a { text-decoration: line-through; }
    .all { border-top: 1px solid var(--klocket-border, #d0d0d7); padding-top: 0.5em; }
  `;
  let sheet = null;
  function styleSheet() {
    if (sheet === null && "adoptedStyleSheets" in Document.prototype) {
      sheet = new CSSStyleSheet();
      sheet.replaceSync(CSS);
    }
    return sheet;
  }

  function element(tag, attributes, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      if (value !== null && value !== undefined) node.setAttribute(name, value);
    }
    for (const child of children) node.append(child);
    return node;
  }

  class KlocketCalendar extends HTMLElement {
    static get observedAttributes() {
      return [...FILTERS, "limit", "lang", "heading", "portal"];
    }

    connectedCallback() {
      if (!this.shadowRoot) {
        const root = this.attachShadow({ mode: "open" });
        const css = styleSheet();
        if (css) root.adoptedStyleSheets = [css];
      }
      this.load();
    }

    attributeChangedCallback() {
      if (this.shadowRoot) this.load();
    }

    get language() {
      return (this.getAttribute("lang") || document.documentElement.lang || "sv").toLowerCase().split("-")[0];
    }

    get texts() {
      return TEXTS[this.language] || TEXTS.sv;
    }

    get textLanguage() {
      return TEXTS[this.language] ? this.language : "sv";
    }

    url() {
      const portal = this.getAttribute("portal") || defaultPortal;
      const url = new URL("/api/v1/events/", portal);
      for (const name of FILTERS) {
        const value = this.getAttribute(name);
        if (value) url.searchParams.set(name, value);
      }
      const limit = Math.min(Math.max(parseInt(this.getAttribute("limit") || "5", 10) || 5, 1), 20);
      url.searchParams.set("limit", String(limit));
      url.searchParams.set("lang", API_LANGUAGES.has(this.language) ? this.language : "sv");
      return url;
    }

    calendarUrl() {
      const portal = this.getAttribute("portal") || defaultPortal;
      const url = new URL("/kalender/", portal);
      const names = { area: "omrade", place: "plats", organiser: "arrangor", audience: "for", language: "sprak", form: "form", q: "q" };
      for (const name of FILTERS) {
        const value = this.getAttribute(name);
        if (value) url.searchParams.set(names[name], value);
      }
      return url.href;
    }

    async load() {
      const request = (this._request = Symbol("request"));
      this.render(null, this.texts.loading);
      try {
        const response = await fetch(this.url(), { credentials: "omit", mode: "cors", referrerPolicy: "strict-origin" });
        if (!response.ok) throw new Error(String(response.status));
        const data = await response.json();
        if (request === this._request) this.render(data.items || [], null);
      } catch (error) {
        if (request === this._request) this.render(null, this.texts.failed);
      }
    }

    when(event) {
      const options = { timeZone: event.time_zone || "Europe/Stockholm" };
      const locale = this.textLanguage === "ar" ? "ar-u-nu-latn" : this.textLanguage;
      const day = new Intl.DateTimeFormat(locale, { ...options, weekday: "long", day: "numeric", month: "long" });
      const time = new Intl.DateTimeFormat(locale, { ...options, hour: "2-digit", minute: "2-digit" });
      const start = new Date(event.start);
      return `${day.format(start)} ${time.format(start)}–${time.format(new Date(event.end))}`;
    }

    render(items, message) {
      const texts = this.texts;
      const rtl = RTL.has(this.textLanguage);
      const headingId = "klocket-heading";
      const section = element("section", { "aria-labelledby": headingId, lang: this.textLanguage, dir: rtl ? "rtl" : "ltr" });
      section.append(element("h2", { id: headingId }, this.getAttribute("heading") || texts.heading));
      if (message) {
        section.append(element("p", { role: "status" }, message));
      } else if (!items.length) {
        section.append(element("p", null, texts.empty));
      } else {
        const list = element("ul");
        for (const event of items) {
          const cancelled = event.status === "cancelled";
          // Titles and places are as the organiser wrote them (Swedish unless they chose otherwise).
          const link = element("a", { href: event.url, lang: "sv", dir: "auto" }, event.title);
          const item = element("li", cancelled ? { class: "cancelled" } : null, element("h3", null, link));
          const when = element("time", { datetime: event.start }, this.when(event));
          item.append(element("p", null, when, " · ", element("span", { lang: "sv", dir: "auto" }, event.place.name)));
          if (cancelled) {
            item.append(element("p", null, element("strong", null, texts.cancelled), event.cancellation_reason ? `: ${event.cancellation_reason}` : ""));
          }
          list.append(item);
        }
        section.append(list);
      }
      section.append(element("p", { class: "all" }, element("a", { href: this.calendarUrl() }, texts.all)));
      this.shadowRoot.replaceChildren(section);
    }
  }

  if (!customElements.get("klocket-calendar")) customElements.define("klocket-calendar", KlocketCalendar);
})();
