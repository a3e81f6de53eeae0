import { parity } from "./harness.js";

const image = "70a599e0-31e7-49b7-b260-868f441e862b";

parity("aggregates", [
  { args: ["aggregate-list"] },
  { args: ["aggregate-list"], env: { OS_COMPUTE_API_VERSION: "2.40" }, title: "aggregate-list before 2.41: no UUID column" },
  { args: ["aggregate-create", "rack-c", "az3"] },
  { args: ["aggregate-create", "rack-d"] },
  { args: ["aggregate-create", "rack-c"], title: "aggregate-create: a name in use is Nova's 409" },
  { args: ["aggregate-show", "rack-b"] },
  { args: ["aggregate-show", "1"], title: "aggregate-show by id" },
  { args: ["aggregate-show", "no-such-aggregate"], title: "aggregate-show: find_resource's requests and message" },
  { args: ["aggregate-add-host", "rack-c", "sandbox"] },
  { args: ["aggregate-add-host", "rack-c", "no-such-host"] },
  { args: ["aggregate-remove-host", "rack-c", "sandbox"] },
  { args: ["aggregate-update", "rack-d", "--name", "rack-e", "--availability-zone", "az4"] },
  { args: ["aggregate-update", "rack-e"], title: "aggregate-update with nothing to change: python's CommandError after the lookup" },
  { args: ["aggregate-set-metadata", "rack-e", "ssd=true", "gpu=2"] },
  { args: ["aggregate-set-metadata", "rack-e", "ssd=true"], title: "aggregate-set-metadata: an existing pair is refused before sending" },
  { args: ["aggregate-set-metadata", "rack-e", "nothing"], title: "aggregate-set-metadata: removing a missing key is refused before sending" },
  { args: ["aggregate-set-metadata", "rack-e", "gpu"] },
  { args: ["aggregate-cache-images", "rack-b", image] },
  { args: ["aggregate-cache-images", "rack-b", "cirros"], title: "aggregate-cache-images: by name, python's names=in: finds nothing" },
  { args: ["aggregate-delete", "rack-b"], title: "aggregate-delete of an aggregate with hosts: Nova's 400" },
  { args: ["aggregate-delete", "rack-e"] },
  { args: ["aggregate-delete", "2"] },
  { args: ["aggregate-list"], env: { OS_USERNAME: "demo", OS_PROJECT_NAME: "demo" }, title: "aggregate-list as a member: Nova's 403" },
  { args: ["availability-zone-list"] },
  { args: ["availability-zone-list"], env: { OS_USERNAME: "demo", OS_PROJECT_NAME: "demo" }, title: "availability-zone-list as a member: the plain list after the 403" },
]);
