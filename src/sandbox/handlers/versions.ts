import { type Handlers, type RequestContext, ok } from "../context.js";

const v21 = ({ endpoint, maxVersion }: RequestContext) => ({
  id: "v2.1",
  status: "CURRENT",
  version: maxVersion,
  min_version: "2.1",
  updated: "2013-07-23T11:33:21Z",
  links: [
    { rel: "self", href: `${endpoint}/` },
    { rel: "describedby", type: "text/html", href: "http://docs.openstack.org/" },
  ],
  "media-types": [{ base: "application/json", type: "application/vnd.openstack.compute+json;version=2.1" }],
});

/** GET / and GET /v2.1: the version documents, with this sandbox's microversion range. */
export const versionHandlers: Handlers = {
  listVersions: (ctx) =>
    ok({
      versions: [
        { id: "v2.0", status: "DEPRECATED", version: "", min_version: "", updated: "2025-07-04T12:00:00Z", links: [{ rel: "self", href: `${ctx.endpoint.replace(/\/v2\.1$/, "")}/v2/` }] },
        v21(ctx),
      ],
    }),
  showVersionV21: (ctx) => ok({ version: v21(ctx) }),
};
