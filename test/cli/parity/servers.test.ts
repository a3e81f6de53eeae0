import { parity } from "./harness.js";

parity("servers", [
  { args: ["delete", "web-1", "nope", "web-2"], title: "delete goes on past a failure, reports it as python-novaclient does, exits 1" },
  { args: ["show", "web-1"] },
]);
