// emoji-picker-element, loaded only when first opened, with its data served by our own server
// (its default data source is a CDN, which a LAN without internet cannot reach).
import { useEffect, useRef } from "preact/hooks";
import { locale } from "../store";

export default function EmojiPicker({ onPick, label }: { onPick: (emoji: string) => void; label: string }) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    let picker: HTMLElement | null = null;
    let cancelled = false;
    void (async () => {
      const [{ Picker }, i18n] = await Promise.all([
        import("emoji-picker-element"),
        locale.value === "ru" ? import("emoji-picker-element/i18n/ru_RU.js").then((m) => m.default) : Promise.resolve(undefined),
      ]);
      if (cancelled || !host.current) return;
      const p = new Picker({ dataSource: `/emoji/${locale.value}.json`, locale: locale.value, ...(i18n ? { i18n } : {}) });
      p.addEventListener("emoji-click", (e) => {
        const unicode = (e as unknown as CustomEvent<{ unicode?: string }>).detail.unicode;
        if (unicode) onPick(unicode);
      });
      p.setAttribute("aria-label", label);
      host.current.appendChild(p);
      picker = p;
    })();
    return () => {
      cancelled = true;
      picker?.remove();
    };
  }, []);
  return <div class="emoji-host" ref={host} />;
}
