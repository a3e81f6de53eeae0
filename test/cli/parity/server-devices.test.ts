import { parity } from "./harness.js";

const at = (version: string) => ({ OS_COMPUTE_API_VERSION: version });
const NET = "3cb9bc59-5699-4588-a4b1-b87f96708bc6";
const VOL1 = "5a1b9c1e-7d0f-4e2b-9a61-2f1e1c0d9b01";
const VOL2 = "5a1b9c1e-7d0f-4e2b-9a61-2f1e1c0d9b02";
const VOL3 = "5a1b9c1e-7d0f-4e2b-9a61-2f1e1c0d9b03";

parity("server interfaces, volumes and security groups", [
  { args: ["interface-list", "web-1"] },
  { args: ["interface-attach", "web-1", "--net-id", NET, "--fixed-ip", "10.0.0.77", "--tag", "data"], title: "interface-attach with a network, a fixed IP and a tag" },
  { args: ["interface-attach", "web-1"], env: at("2.48"), title: "interface-attach with no option: an empty interfaceAttachment" },
  { args: ["interface-list", "web-1"], env: at("2.69"), title: "interface-list before 2.70: no Tag column" },
  { args: ["interface-list", "web-1"] },
  { args: ["interface-detach", "web-1", "00000000-0000-4000-8000-000000000000"], title: "interface-detach of a port the server lacks" },
  { args: ["interface-list", "nope"] },
  { args: ["volume-attach", "web-1", VOL1], title: "volume-attach: Nova picks the device" },
  { args: ["volume-attach", "web-1", VOL2, "auto", "--tag", "db", "--delete-on-termination"], title: "device auto is no device; tag and delete_on_termination" },
  { args: ["volume-attach", "db-1", VOL3, "/dev/vdc"], env: at("2.60") },
  { args: ["volume-attach", "db-1", VOL1], title: "a volume already attached elsewhere" },
  { args: ["volume-attachments", "web-1"] },
  { args: ["volume-attachments", "web-1"], env: at("2.88") },
  { args: ["volume-attachments", "web-1"], env: at("2.75") },
  { args: ["volume-attachments", "db-1"], env: at("2.1") },
  { args: ["volume-update", "web-1", VOL2, VOL2, "--no-delete-on-termination"], title: "volume-update 2.85: delete_on_termination off" },
  { args: ["volume-update", "db-1", VOL3, "5a1b9c1e-7d0f-4e2b-9a61-2f1e1c0d9b04"], env: at("2.84"), title: "volume-update: swap" },
  { args: ["volume-attachments", "web-1"] },
  { args: ["volume-detach", "web-1", VOL1] },
  { args: ["volume-detach", "web-1", VOL1], title: "volume-detach of a volume no longer attached" },
  { args: ["volume-attachments", "nope"] },
  { args: ["list-secgroup", "web-1"] },
  { args: ["add-secgroup", "web-1", "default"] },
  { args: ["add-secgroup", "web-1", "nope"], title: "add-secgroup: a group the project lacks (404)" },
  { args: ["remove-secgroup", "web-1", "nope"] },
  { args: ["remove-secgroup", "web-1", "default"] },
  { args: ["list-secgroup", "web-1"] },
  { args: ["add-secgroup", "nope", "default"] },
  { args: ["diagnostics", "web-1"] },
  { args: ["diagnostics", "web-1"], env: at("2.47") },
  { args: ["diagnostics", "nope"] },
  { args: ["server-topology", "web-1"] },
]);
