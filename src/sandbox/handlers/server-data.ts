import { type Handlers, type RequestContext, noContent, ok } from "../context.js";
import { badRequest, notFound } from "../faults.js";
import type { ServerRecord } from "../state.js";
import { type HeaderReply, checkLock, checkState, isoZ } from "./common.js";
import { checkMetadataQuota } from "./quotas.js";
import { getServer } from "./servers.js";

// Server tags (2.26+) and server metadata.

const MAX_TAGS = 50;
/** The vm_states in which Nova lets tags and metadata change. */
const EDITABLE = ["active", "building", "paused", "suspended", "stopped", "shelved", "shelved_offloaded"];

function editable(ctx: RequestContext, what: string): ServerRecord {
  const s = getServer(ctx);
  checkLock(ctx, s);
  checkState(s, what, EDITABLE, [null, "migrating"]);
  return s;
}

function checkTag(tag: string): void {
  if (tag.length < 1 || tag.length > 60 || /[,/]/.test(tag)) throw badRequest(`Tag '${tag}' is invalid. It must be a non empty string without characters '/' and ','.`);
}

const changed = (s: ServerRecord) => {
  s.updated = isoZ();
};

export const serverDataHandlers: Handlers = {
  listServerTags: (ctx) => ok({ tags: getServer(ctx).tags }),
  replaceServerTags: (ctx) => {
    const s = editable(ctx, "update tags");
    s.tags = [...new Set((ctx.body as { tags: string[] }).tags)];
    changed(s);
    return ok({ tags: s.tags });
  },
  deleteServerTags: (ctx) => {
    const s = editable(ctx, "delete tags");
    s.tags = [];
    changed(s);
    return noContent(204);
  },
  checkServerTag: (ctx) => {
    const s = getServer(ctx);
    const tag = ctx.params.tag!;
    if (!s.tags.includes(tag)) throw notFound(`Instance ${s.id} has no tag '${tag}'`);
    return noContent(204);
  },
  addServerTag: (ctx): HeaderReply => {
    const s = editable(ctx, "update tag");
    const tag = ctx.params.tag!;
    checkTag(tag);
    if (s.tags.includes(tag)) return noContent(204);
    if (s.tags.length >= MAX_TAGS) throw badRequest(`The number of tags exceeded the per-server limit ${MAX_TAGS}`);
    s.tags = [...s.tags, tag];
    changed(s);
    return { status: 201, headers: { Location: `${ctx.endpoint}/servers/${s.id}/tags/${encodeURIComponent(tag)}` } };
  },
  deleteServerTag: (ctx) => {
    const s = editable(ctx, "delete tag");
    const tag = ctx.params.tag!;
    if (!s.tags.includes(tag)) throw notFound(`Instance ${s.id} has no tag '${tag}'`);
    s.tags = s.tags.filter((t) => t !== tag);
    changed(s);
    return noContent(204);
  },

  listServerMetadata: (ctx) => ok({ metadata: getServer(ctx).metadata }),
  updateServerMetadata: (ctx) => {
    const s = editable(ctx, "update metadata");
    const merged = { ...s.metadata, ...(ctx.body as { metadata: Record<string, string> }).metadata };
    checkMetadataQuota(ctx, merged, s.project_id);
    s.metadata = merged;
    changed(s);
    return ok({ metadata: s.metadata });
  },
  replaceServerMetadata: (ctx) => {
    const s = editable(ctx, "update metadata");
    const metadata = { ...(ctx.body as { metadata: Record<string, string> }).metadata };
    checkMetadataQuota(ctx, metadata, s.project_id);
    s.metadata = metadata;
    changed(s);
    return ok({ metadata: s.metadata });
  },
  showServerMetadataItem: (ctx) => {
    const s = getServer(ctx);
    const key = ctx.params.key!;
    if (!(key in s.metadata)) throw notFound("Metadata item was not found");
    return ok({ meta: { [key]: s.metadata[key]! } });
  },
  setServerMetadataItem: (ctx) => {
    const s = editable(ctx, "update metadata");
    const key = ctx.params.key!;
    const meta = (ctx.body as { meta: Record<string, string> }).meta;
    if (!(key in meta)) throw badRequest("Request body and URI mismatch");
    const merged = { ...s.metadata, [key]: meta[key]! };
    checkMetadataQuota(ctx, merged, s.project_id);
    s.metadata = merged;
    changed(s);
    return ok({ meta: { [key]: meta[key]! } });
  },
  deleteServerMetadataItem: (ctx) => {
    const s = editable(ctx, "delete metadata");
    const key = ctx.params.key!;
    if (!(key in s.metadata)) throw notFound("Metadata item was not found");
    const { [key]: _gone, ...rest } = s.metadata;
    s.metadata = rest;
    changed(s);
    return noContent(204);
  },
};

