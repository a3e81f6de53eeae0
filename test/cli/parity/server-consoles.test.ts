import { parity } from "./harness.js";

const at = (version: string) => ({ OS_COMPUTE_API_VERSION: version });

// Console URLs carry a fresh token each time; the harness numbers UUIDs in order, so the two
// clients' URLs compare equal when they have the same shape.
parity("server consoles", [
  { args: ["console-log", "web-1"] },
  { args: ["console-log", "web-1", "--length", "2"] },
  { args: ["console-log", "nope"], title: "console-log of an unknown server: python's CommandError" },
  { args: ["get-vnc-console", "web-1", "novnc"] },
  { args: ["get-vnc-console", "web-1", "xvpvnc"], env: at("2.5"), title: "get-vnc-console at 2.5: the os-getVNCConsole action" },
  { args: ["get-vnc-console", "web-1", "spice-html5"], title: "the console type, not the command, picks the protocol" },
  { args: ["get-vnc-console", "web-1", "spice-html5"], env: at("2.1"), title: "the console type picks the action before 2.6" },
  { args: ["get-vnc-console", "web-1", "bogus"], title: "an unknown console type: UnsupportedConsoleType after the lookup" },
  { args: ["get-vnc-console", "web-1", "bogus"], env: at("2.3") },
  { args: ["get-vnc-console", "nope", "novnc"] },
  { args: ["get-spice-console", "db-1", "spice-html5"] },
  { args: ["get-spice-console", "db-1", "spice-html5"], env: at("2.5") },
  { args: ["get-rdp-console", "web-1", "rdp-html5"], title: "an RDP console: the cloud has none (400)" },
  { args: ["get-rdp-console", "web-1", "rdp-html5"], env: at("2.4") },
  { args: ["get-serial-console", "web-1"] },
  { args: ["get-serial-console", "web-1"], env: at("2.5") },
  { args: ["get-serial-console", "web-1", "--console-type", "vnc"], title: "get-serial-console refuses other types before any request" },
  { args: ["get-mks-console", "web-1"], title: "get-mks-console: webmks (the cloud has none)" },
  { args: ["get-vnc-console", "web-1", "webmks"], env: at("2.6"), title: "webmks before 2.8 is unsupported" },
]);
