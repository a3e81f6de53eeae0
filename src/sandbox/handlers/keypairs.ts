import { createHash, generateKeyPairSync } from "node:crypto";
import { type Handlers, type RequestContext, noContent, ok } from "../context.js";
import { badRequest, conflict, forbidden, notFound } from "../faults.js";
import { atLeast, isoMicro, quotaExceeded } from "./common.js";
import { limitsOf } from "./quotas.js";
import { type KeypairRecord, keypairStore } from "./stores.js";

/** SSH wire encoding of a string or an unsigned big-endian integer (mpint). */
function sshString(data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  return Buffer.concat([len, data]);
}
function mpint(data: Buffer): Buffer {
  return sshString(data[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), data]) : data);
}

/** A fresh RSA key pair as Nova generated them before 2.92: OpenSSH public key, PEM private key. */
function generateRsa(comment: string): { publicKey: string; privateKey: string } {
  const { publicKey, privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const jwk = publicKey.export({ format: "jwk" }) as { n: string; e: string };
  const blob = Buffer.concat([sshString(Buffer.from("ssh-rsa")), mpint(Buffer.from(jwk.e, "base64url")), mpint(Buffer.from(jwk.n, "base64url"))]);
  return { publicKey: `ssh-rsa ${blob.toString("base64")} ${comment}`, privateKey: privateKey.export({ format: "pem", type: "pkcs1" }) as string };
}

const SSH_TYPES = ["ssh-rsa", "ssh-dss", "ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521", "sk-ssh-ed25519@openssh.com", "sk-ecdsa-sha2-nistp256@openssh.com"];

/** Nova's fingerprints: MD5 of the key blob (ssh), SHA-1 of the certificate (x509), colon-separated. */
function fingerprint(publicKey: string, type: "ssh" | "x509"): string {
  const colons = (hex: string) => hex.match(/../g)!.join(":");
  if (type === "x509") {
    const m = /-----BEGIN CERTIFICATE-----([\s\S]+?)-----END CERTIFICATE-----/.exec(publicKey);
    const der = m ? Buffer.from(m[1]!.replace(/\s+/g, ""), "base64") : Buffer.alloc(0);
    if (der.length === 0) throw badRequest("Keypair data is invalid: failed to generate fingerprint");
    return colons(createHash("sha1").update(der).digest("hex"));
  }
  const [kind, data] = publicKey.trim().split(/\s+/);
  const blob = data && /^[A-Za-z0-9+/]+={0,2}$/.test(data) ? Buffer.from(data, "base64") : Buffer.alloc(0);
  if (!kind || !SSH_TYPES.includes(kind) || blob.length < 4 || blob.readUInt32BE(0) !== kind.length || blob.subarray(4, 4 + kind.length).toString() !== kind) {
    throw badRequest("Keypair data is invalid: failed to generate fingerprint");
  }
  return colons(createHash("md5").update(blob).digest("hex"));
}

/** The user whose key pairs this request is about: user_id (admins, 2.10+) or the caller. */
function ownerOf(ctx: RequestContext, rule: string, asked = ctx.query.get("user_id")): string {
  if (asked && asked !== ctx.user.id) {
    if (!ctx.isAdmin) throw forbidden(rule);
    return asked;
  }
  return ctx.user.id;
}

function find(ctx: RequestContext, user: string): KeypairRecord {
  const name = ctx.params.keypair_name!;
  const k = keypairStore(ctx.state).byKey.get(`${user}/${name}`);
  if (!k) throw notFound(`Keypair ${name} not found for user ${user}`);
  return k;
}

export const keypairHandlers: Handlers = {
  listKeypairs: (ctx) => {
    const user = ownerOf(ctx, "os_compute_api:os-keypairs:index");
    let items = [...keypairStore(ctx.state).byKey.values()].filter((k) => k.user_id === user).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    let next: { rel: string; href: string }[] | undefined;
    if (atLeast(ctx, "2.35")) {
      const marker = ctx.query.get("marker");
      if (marker !== null) {
        const at = items.findIndex((k) => k.name === marker);
        if (at < 0) throw badRequest(`Marker ${marker} could not be found.`);
        items = items.slice(at + 1);
      }
      const limitText = ctx.query.get("limit");
      if (limitText !== null) {
        const limit = Number(limitText);
        if (!Number.isInteger(limit) || limit < 0) throw badRequest("limit param must be an integer");
        if (items.length > limit) {
          items = items.slice(0, limit);
          const q = new URLSearchParams(ctx.query);
          q.set("marker", items[items.length - 1]?.name ?? "");
          next = [{ rel: "next", href: `${ctx.endpoint}/os-keypairs?${q}` }];
        } else if (items.length === limit && limit > 0) {
          const q = new URLSearchParams(ctx.query);
          q.set("marker", items[items.length - 1]!.name);
          next = [{ rel: "next", href: `${ctx.endpoint}/os-keypairs?${q}` }];
        }
      }
    }
    return ok({
      keypairs: items.map((k) => ({ keypair: { name: k.name, public_key: k.public_key, fingerprint: k.fingerprint, type: k.type } })),
      ...(next ? { keypairs_links: next } : {}),
    });
  },
  createKeypair: (ctx) => {
    const b = (ctx.body as { keypair: { name: string; public_key?: string; type?: "ssh" | "x509"; user_id?: string } }).keypair;
    const user = ownerOf(ctx, "os_compute_api:os-keypairs:create", b.user_id);
    const type = b.type ?? "ssh";
    const store = keypairStore(ctx.state);
    const allowed = limitsOf(ctx.state, ctx.user.project.id, user).key_pairs;
    const count = [...store.byKey.values()].filter((k) => k.user_id === user).length;
    if (allowed >= 0 && count >= allowed) throw quotaExceeded("Quota exceeded, too many key pairs.");
    if (store.byKey.has(`${user}/${b.name}`)) throw conflict(`Key pair '${b.name}' already exists.`);
    let publicKey = b.public_key;
    let privateKey: string | undefined;
    if (publicKey === undefined) {
      if (type === "x509") throw badRequest("Keypair data is invalid: x509 key pairs can only be imported");
      ({ publicKey, privateKey } = generateRsa(`Generated-by-Nova`));
    }
    const k: KeypairRecord = { id: store.next++, name: b.name, user_id: user, public_key: publicKey, fingerprint: fingerprint(publicKey, type), type, created_at: isoMicro() };
    store.byKey.set(`${user}/${k.name}`, k);
    const reply = { name: k.name, public_key: k.public_key, fingerprint: k.fingerprint, user_id: k.user_id, type: k.type, ...(privateKey ? { private_key: privateKey } : {}) };
    return ok({ keypair: reply }, atLeast(ctx, "2.2") ? 201 : 200);
  },
  showKeypair: (ctx) => {
    const k = find(ctx, ownerOf(ctx, "os_compute_api:os-keypairs:show"));
    return ok({ keypair: { ...k, updated_at: null, deleted: false, deleted_at: null } });
  },
  deleteKeypair: (ctx) => {
    const k = find(ctx, ownerOf(ctx, "os_compute_api:os-keypairs:delete"));
    keypairStore(ctx.state).byKey.delete(`${k.user_id}/${k.name}`);
    return noContent(atLeast(ctx, "2.2") ? 204 : 202);
  },
};
