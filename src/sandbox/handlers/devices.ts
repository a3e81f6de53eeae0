import { randomUUID } from "node:crypto";
import { type Handlers, type RequestContext, noContent, ok } from "../context.js";
import { badRequest, conflict, forbidden, notFound } from "../faults.js";
import type { ServerRecord } from "../state.js";
import { atLeast, checkLock, checkState, recordAction } from "./common.js";
import { getServer } from "./servers.js";
import { type AttachmentRecord, NETWORKS, addressInUse, attachmentStore, attachmentsOf, newPort, portOwner, portsOf, syncAddresses } from "./stores.js";

// Volume attachments (os-volume_attachments) and port interfaces (os-interface) of a server.

const TRUE = new Set(["true", "1", "on", "yes"]);
const truthy = (v: unknown) => v === true || (typeof v === "string" && TRUE.has(v.toLowerCase()));

function attachmentView(a: AttachmentRecord) {
  return { id: a.volumeId, volumeId: a.volumeId, serverId: a.serverId, device: a.device, tag: a.tag, delete_on_termination: a.delete_on_termination, attachment_id: a.attachment_id, bdm_uuid: a.bdm_uuid };
}

function findAttachment(ctx: RequestContext, s: ServerRecord): AttachmentRecord {
  const volumeId = ctx.params.volume_id!;
  const a = attachmentsOf(ctx.state, s.id).find((x) => x.volumeId === volumeId);
  if (!a) throw notFound(`Volume ${volumeId} is not attached to the instance ${s.id}`);
  return a;
}

/** The next free /dev/vdX (vda is the root disk). */
function nextDevice(taken: string[]): string {
  for (let c = "b".charCodeAt(0); c <= "z".charCodeAt(0); c++) {
    const d = `/dev/vd${String.fromCharCode(c)}`;
    if (!taken.includes(d)) return d;
  }
  throw badRequest("No free disk device names for prefix 'vd'");
}

function volumeState(ctx: RequestContext): string[] {
  const states = ["active", "paused", "stopped", "resized", "soft_deleted"];
  return atLeast(ctx, "2.20") ? [...states, "shelved", "shelved_offloaded"] : states;
}

function checkOffset(ctx: RequestContext, name: string, fallback: number): number {
  const text = ctx.query.get(name);
  if (text === null) return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) throw badRequest(`${name} param must be an integer`);
  return n;
}

function interfaceView(p: ReturnType<typeof portsOf>[number]) {
  return { net_id: p.net_id, port_id: p.port_id, mac_addr: p.mac_addr, port_state: p.port_state, fixed_ips: p.fixed_ips, tag: p.tag };
}

export const deviceHandlers: Handlers = {
  listVolumeAttachments: (ctx) => {
    const s = getServer(ctx);
    const offset = checkOffset(ctx, "offset", 0);
    const limit = checkOffset(ctx, "limit", 1000);
    return ok({ volumeAttachments: attachmentsOf(ctx.state, s.id).slice(offset, offset + limit).map(attachmentView) });
  },
  showVolumeAttachment: (ctx) => {
    const s = getServer(ctx);
    return ok({ volumeAttachment: attachmentView(findAttachment(ctx, s)) });
  },
  createVolumeAttachment: (ctx) => {
    const s = getServer(ctx);
    checkLock(ctx, s);
    checkState(s, "attach_volume", volumeState(ctx));
    const b = (ctx.body as { volumeAttachment: { volumeId: string; device?: string | null; tag?: string; delete_on_termination?: boolean | string } }).volumeAttachment;
    for (const list of attachmentStore(ctx.state).values()) {
      if (list.some((a) => a.volumeId === b.volumeId)) throw badRequest(`Invalid volume: volume ${b.volumeId} already attached`);
    }
    const mine = attachmentsOf(ctx.state, s.id);
    const taken = ["/dev/vda", ...mine.map((a) => a.device)];
    if (b.device && taken.includes(b.device)) throw badRequest(`The supplied device path (${b.device}) is in use.`);
    const a: AttachmentRecord = {
      volumeId: b.volumeId,
      serverId: s.id,
      device: b.device ?? nextDevice(taken),
      tag: b.tag ?? null,
      delete_on_termination: truthy(b.delete_on_termination),
      attachment_id: randomUUID(),
      bdm_uuid: randomUUID(),
    };
    attachmentStore(ctx.state).set(s.id, [...mine, a]);
    recordAction(ctx, s, "attach_volume");
    if (atLeast(ctx, "2.101")) return noContent(202);
    return ok({ volumeAttachment: { id: a.volumeId, volumeId: a.volumeId, serverId: a.serverId, device: a.device, tag: a.tag, delete_on_termination: a.delete_on_termination } });
  },
  updateVolumeAttachment: (ctx) => {
    const s = getServer(ctx);
    const a = findAttachment(ctx, s);
    const b = (ctx.body as { volumeAttachment: { volumeId: string; device?: string | null; tag?: string; delete_on_termination?: boolean | string; serverId?: string; id?: string } }).volumeAttachment;
    const swap = b.volumeId !== a.volumeId;
    if (swap || !atLeast(ctx, "2.85")) {
      if (!ctx.isAdmin) throw forbidden("os_compute_api:os-volumes-attachments:swap");
    }
    if (atLeast(ctx, "2.85")) {
      if (b.serverId !== undefined && b.serverId !== s.id) throw badRequest("The serverId property is not mutable");
      if (b.id !== undefined && b.id !== a.volumeId) throw badRequest("The id property is not mutable");
      if (b.tag !== undefined && b.tag !== a.tag) throw badRequest("The tag property is not mutable");
      if (b.device !== undefined && b.device !== a.device) throw badRequest("The device property is not mutable");
    }
    checkLock(ctx, s);
    if (swap) {
      checkState(s, "swap_volume", ["active", "paused", "resized"]);
      for (const list of attachmentStore(ctx.state).values()) {
        if (list.some((x) => x.volumeId === b.volumeId)) throw badRequest(`Invalid volume: volume ${b.volumeId} already attached`);
      }
      a.volumeId = b.volumeId;
      a.attachment_id = randomUUID();
      recordAction(ctx, s, "swap_volume");
    }
    if (b.delete_on_termination !== undefined) a.delete_on_termination = truthy(b.delete_on_termination);
    return noContent(202);
  },
  deleteVolumeAttachment: (ctx) => {
    const s = getServer(ctx);
    checkLock(ctx, s);
    checkState(s, "detach_volume", volumeState(ctx));
    const a = findAttachment(ctx, s);
    if (a.device === "/dev/vda") throw badRequest("Cannot detach a root device volume");
    attachmentStore(ctx.state).set(
      s.id,
      attachmentsOf(ctx.state, s.id).filter((x) => x !== a),
    );
    recordAction(ctx, s, "detach_volume");
    return noContent(202);
  },

  listInterfaceAttachments: (ctx) => {
    const s = getServer(ctx);
    return ok({ interfaceAttachments: portsOf(ctx.state, s).map(interfaceView) });
  },
  showInterfaceAttachment: (ctx) => {
    const s = getServer(ctx);
    const p = portsOf(ctx.state, s).find((x) => x.port_id === ctx.params.port_id);
    if (!p) throw notFound(`Port id ${ctx.params.port_id!} could not be found.`);
    return ok({ interfaceAttachment: interfaceView(p) });
  },
  createInterfaceAttachment: (ctx) => {
    const s = getServer(ctx);
    checkLock(ctx, s);
    checkState(s, "attach_interface", ["active", "paused", "stopped"]);
    const b = (ctx.body as { interfaceAttachment?: { net_id?: string; port_id?: string; fixed_ips?: { ip_address: string }[]; tag?: string } }).interfaceAttachment ?? {};
    if (b.net_id && b.port_id) throw badRequest("Must not input both network_id and port_id");
    if (b.fixed_ips && !b.net_id) throw badRequest("Must input network_id when request IP address");
    let port;
    if (b.port_id) {
      if (portOwner(ctx.state, b.port_id)) throw conflict(`Port ${b.port_id} is still in use.`);
      port = newPort(ctx.state, s, NETWORKS[0]!, { portId: b.port_id, tag: b.tag ?? null });
    } else {
      const net = b.net_id ? NETWORKS.find((n) => n.id === b.net_id) : NETWORKS[0];
      if (!net) throw notFound(`Network ${b.net_id!} could not be found.`);
      const ip = b.fixed_ips?.[0]?.ip_address;
      if (ip && addressInUse(ctx.state, ip)) throw conflict(`Fixed IP address ${ip} is already in use on instance ${s.id}.`);
      port = newPort(ctx.state, s, net, { ip, tag: b.tag ?? null });
    }
    syncAddresses(ctx.state, s);
    recordAction(ctx, s, "attach_interface");
    return ok({ interfaceAttachment: interfaceView(port) });
  },
  deleteInterfaceAttachment: (ctx) => {
    const s = getServer(ctx);
    checkLock(ctx, s);
    checkState(s, "detach_interface", ["active", "paused", "stopped"]);
    const ports = portsOf(ctx.state, s);
    const at = ports.findIndex((x) => x.port_id === ctx.params.port_id);
    if (at < 0) throw notFound(`Port id ${ctx.params.port_id!} could not be found.`);
    ports.splice(at, 1);
    syncAddresses(ctx.state, s);
    recordAction(ctx, s, "detach_interface");
    return noContent(202);
  },
};
