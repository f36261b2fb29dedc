import { render } from "preact";
import { start } from "./store";
import { App } from "./ui/App";
import "./styles.css";

start();
render(<App />, document.getElementById("admin")!);
