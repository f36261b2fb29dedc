import { useEffect } from "preact/hooks";
import { connection, locale, session, signOut, t } from "../store";
import { Audit } from "./Audit";
import { Backups } from "./Backups";
import { Cards } from "./Cards";
import { Charts } from "./Charts";
import { ClearMessages } from "./ClearMessages";
import { Cluster } from "./Cluster";
import { LanguageSwitch } from "./LanguageSwitch";
import { LiveView } from "./LiveView";
import { Messages } from "./Messages";
import { Server } from "./Server";
import { ChangePassword, SignIn } from "./SignIn";
import { UpdateForm } from "./UpdateForm";
import { Users } from "./Users";

const SECTIONS = ["overview", "charts", "users", "messages", "live", "backups", "server", "cluster", "update", "audit", "danger"] as const;

export function App() {
  useEffect(() => {
    document.documentElement.lang = locale.value;
    document.title = t("app.title");
  }, [locale.value]);
  const s = session.value;
  if (!s) return <SignIn />;
  if (s.mustChangePassword) return <ChangePassword />;
  return <Panel />;
}

function Panel() {
  const state = connection.value;
  return (
    <div class="admin">
      <header class="top">
        <h1>{t("app.title")}</h1>
        <span class={`conn conn-${state}`} role="status" data-state={state}>{t(`conn.${state}`)}</span>
        <span class="spacer" />
        <LanguageSwitch />
        <span class="muted small">{session.value?.user.username}</span>
        <button type="button" class="small" onClick={() => void signOut()}>{t("top.signOut")}</button>
      </header>
      <nav class="nav" aria-label={t("nav.label")}>
        {SECTIONS.map((id) => (
          <a key={id} href={`#${id}`}>{t(`section.${id}`)}</a>
        ))}
      </nav>
      <main class="sections">
        <Cards />
        <Charts />
        <Users />
        <Messages />
        <LiveView />
        <Backups />
        <Server />
        <Cluster />
        <UpdateForm />
        <Audit />
        <ClearMessages />
      </main>
    </div>
  );
}
