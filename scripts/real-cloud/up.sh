#!/usr/bin/env bash
# nova-ts's real cloud for `npm run test:real` (npm run real-cloud:up). Based on the recipe in
# /work/shared/real-cloud (README.md there lists the facts and pitfalls).
#
# A real, single-host OpenStack on loopback, from Debian 12's own packages:
#   Keystone 22, Placement 8, Nova 26 (api, conductor, scheduler, and a compute service
#   with the fake virt driver: servers boot in a second, no hypervisor), Glance 25,
#   Neutron 21 (ML2, no agents: boot with "networks": "none"), RabbitMQ, MariaDB.
# Every service listens on 127.0.0.1 only; state lives under $REAL_CLOUD_DIR.
# Usage: up.sh   (as root; installs the packages on first use, ~4 minutes; then ~2 minutes)
# Then:  . "$REAL_CLOUD_DIR/openrc"            # admin / secret, project admin
#        . "$REAL_CLOUD_DIR/openrc-demo"       # demo / secret, project demo, role member
# Stop:  down.sh   (keeps the data; `down.sh --wipe` removes it)
# Idempotent: a service whose recorded process still runs is left alone, set-up steps that are
# done are skipped, so running it on a running cloud changes nothing. When a service does not
# come up, it exits 1 and prints the tail of that service's log.
set -euo pipefail
RC=${REAL_CLOUD_DIR:-/tmp/real-cloud}
PY=/usr/bin/python3
# REAL_CLOUD_EXTRA_PACKAGES: more Debian packages for the same apt run (CI adds Chromium).
PKGS="keystone placement-api nova-api nova-conductor nova-scheduler glance-api neutron-common
python3-neutron rabbitmq-server mariadb-server python3-pymysql python3-openstackclient python3-novaclient curl
${REAL_CLOUD_EXTRA_PACKAGES:-}"
log() { printf '[real-cloud] %s\n' "$*" >&2; }
[ "$(id -u)" = 0 ] || { log "run me as root (packages, daemons, RabbitMQ's data folder)"; exit 1; }

# --- packages -----------------------------------------------------------------------------
if ! dpkg -s $PKGS >/dev/null 2>&1; then
  log "installing Debian packages (first use only)"
  made_policy=""
  if [ ! -e /usr/sbin/policy-rc.d ]; then   # keep postinst scripts from starting services
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d; chmod +x /usr/sbin/policy-rc.d; made_policy=1
  fi
  apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $PKGS >/tmp/real-cloud-apt.log 2>&1 \
    || { tail -20 /tmp/real-cloud-apt.log >&2; exit 1; }
  [ -z "$made_policy" ] || rm -f /usr/sbin/policy-rc.d
fi

mkdir -p "$RC"/{log,run,etc,lock,state,images}
# RabbitMQ and MariaDB run as their own users: they must be able to reach their folders in here
# (a folder from mktemp -d is 0700).
chmod a+rx "$RC"
running() { [ -f "$RC/run/$1.pid" ] && kill -0 "$(cat "$RC/run/$1.pid")" 2>/dev/null; }
start() { # NAME COMMAND... : start a daemon in its own session unless it already runs
  local name=$1; shift
  running "$name" && return 0
  setsid "$@" >"$RC/log/$name.out" 2>&1 </dev/null & echo $! >"$RC/run/$name.pid"
}
logs_of() { # NAME: the log files that tell why NAME failed
  case $1 in
    mysql) echo "$RC/log/mysql.out $RC/log/mysql.err" ;;
    rabbitmq) echo "$RC/log/rabbitmq.out $RC/state/rabbit/log/rabbit@localhost.log" ;;
    keystone) echo "$RC/log/keystone.out $RC/log/keystone-wsgi-public.log" ;;
    placement) echo "$RC/log/placement.out $RC/log/placement-api.log" ;;
    glance) echo "$RC/log/glance.out $RC/log/glance-api.log" ;;
    neutron) echo "$RC/log/neutron.out $RC/log/neutron-server.log" ;;
    nova-*) echo "$RC/log/$1.out $RC/log/$1.log" ;;
    *) echo "$RC/log/$1.out $RC/log/$1.log" ;;
  esac
}
fail() { # NAME WHY: say which service failed, show the end of its logs, exit 1
  log "$1: $2"
  local f
  for f in $(logs_of "$1"); do
    [ -s "$f" ] || continue
    printf -- '--- last 30 lines of %s ---\n' "$f" >&2
    tail -n 30 "$f" >&2
  done
  exit 1
}
wait_url() { # NAME URL : until URL answers; fail as soon as NAME's process is gone
  for _ in $(seq 1 240); do
    curl -s -o /dev/null "$2" && return 0
    running "$1" || fail "$1" "the process exited before $2 answered"
    sleep 0.5
  done
  fail "$1" "no answer from $2 after 120 s"
}
wait_port() { # NAME PORT
  for _ in $(seq 1 240); do
    (echo >"/dev/tcp/127.0.0.1/$2") 2>/dev/null && return 0
    running "$1" || fail "$1" "the process exited before port $2 opened"
    sleep 0.5
  done
  fail "$1" "port $2 never opened (120 s)"
}
step() { # NAME LOGFILE COMMAND... : a one-off set-up command; its output goes to LOGFILE
  local name=$1 out=$2; shift 2
  "$@" >>"$out" 2>&1 || { log "$name: '$*' failed"; printf -- '--- last 30 lines of %s ---\n' "$out" >&2; tail -n 30 "$out" >&2; exit 1; }
}

DB="mysql+pymysql://openstack:secret@127.0.0.1"
AUTH="auth_url = http://127.0.0.1:5000/v3
auth_type = password
project_domain_name = Default
user_domain_name = Default
project_name = service
password = secret"
AUTHTOKEN="[keystone_authtoken]
www_authenticate_uri = http://127.0.0.1:5000/v3
memcached_servers =
$AUTH"
RABBIT="rabbit://guest:guest@127.0.0.1:5672/"

# --- configuration (written every time, so edits here apply on the next up) ------------------
cat >"$RC/etc/keystone.conf" <<CONF
[DEFAULT]
log_dir = $RC/log
[database]
connection = $DB/keystone
[token]
provider = fernet
[fernet_tokens]
key_repository = $RC/state/fernet-keys
[fernet_receipts]
key_repository = $RC/state/fernet-keys
[credential]
key_repository = $RC/state/credential-keys
CONF
mkdir -p "$RC/etc/placement"
cat >"$RC/etc/placement/placement.conf" <<CONF
[DEFAULT]
log_dir = $RC/log
[placement_database]
connection = $DB/placement
[api]
auth_strategy = keystone
$AUTHTOKEN
username = placement
CONF
cat >"$RC/etc/nova.conf" <<CONF
[DEFAULT]
transport_url = $RABBIT
compute_driver = fake.FakeDriver
state_path = $RC/state/nova
log_dir = $RC/log
my_ip = 127.0.0.1
host = realcloud
enabled_apis = osapi_compute
osapi_compute_listen = 127.0.0.1
osapi_compute_listen_port = 8774
osapi_compute_workers = 1
# one host: resize lands on the same host
allow_resize_to_same_host = true
[api]
auth_strategy = keystone
[api_database]
connection = $DB/nova_api
[database]
connection = $DB/nova
$AUTHTOKEN
username = nova
[service_user]
send_service_user_token = true
$AUTH
username = nova
[placement]
$AUTH
username = placement
region_name = RegionOne
[neutron]
$AUTH
username = neutron
region_name = RegionOne
[glance]
region_name = RegionOne
[oslo_concurrency]
lock_path = $RC/lock
[scheduler]
discover_hosts_in_cells_interval = 2
workers = 1
[conductor]
workers = 1
[wsgi]
api_paste_config = /etc/nova/api-paste.ini
[vnc]
enabled = false
CONF
cat >"$RC/etc/glance-api.conf" <<CONF
[DEFAULT]
log_dir = $RC/log
bind_host = 127.0.0.1
bind_port = 9292
workers = 1
enabled_backends = fs:file
[database]
connection = $DB/glance
[glance_store]
default_backend = fs
[fs]
filesystem_store_datadir = $RC/images
[os_glance_staging_store]
filesystem_store_datadir = $RC/state/glance-staging
[os_glance_tasks_store]
filesystem_store_datadir = $RC/state/glance-tasks
$AUTHTOKEN
username = glance
[paste_deploy]
flavor = keystone
config_file = /etc/glance/glance-api-paste.ini
CONF
cat >"$RC/etc/neutron.conf" <<CONF
[DEFAULT]
core_plugin = ml2
# router + port_forwarding: Neutron 21's port listing needs the port-forwarding model loaded
service_plugins = router,port_forwarding
auth_strategy = keystone
transport_url = $RABBIT
bind_host = 127.0.0.1
bind_port = 9696
api_workers = 1
rpc_workers = 0
rpc_state_report_workers = 0
log_dir = $RC/log
state_path = $RC/state/neutron
notify_nova_on_port_status_changes = false
notify_nova_on_port_data_changes = false
[database]
connection = $DB/neutron
$AUTHTOKEN
username = neutron
[oslo_concurrency]
lock_path = $RC/lock
[ml2]
type_drivers = flat
tenant_network_types =
mechanism_drivers =
extension_drivers = port_security
[ml2_type_flat]
flat_networks = *
CONF

# --- MariaDB and RabbitMQ ------------------------------------------------------------------
if [ ! -d "$RC/state/mysql" ]; then
  step mysql "$RC/log/mysql-install.out" mariadb-install-db --user=root --datadir="$RC/state/mysql" --auth-root-authentication-method=normal
fi
start mysql mariadbd --user=root --datadir="$RC/state/mysql" --socket="$RC/run/mysql.sock" \
  --bind-address=127.0.0.1 --port=3306 --skip-name-resolve --innodb-flush-log-at-trx-commit=2 \
  --log-error="$RC/log/mysql.err" --pid-file="$RC/run/mysqld.pid"
mkdir -p "$RC/state/rabbit"; chown rabbitmq:rabbitmq "$RC/state/rabbit"
RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 RABBITMQ_NODENAME=rabbit@localhost RABBITMQ_MNESIA_BASE="$RC/state/rabbit/mnesia" \
  RABBITMQ_LOG_BASE="$RC/state/rabbit/log" start rabbitmq rabbitmq-server
wait_port mysql 3306
for _ in $(seq 1 60); do mariadb -S "$RC/run/mysql.sock" -uroot -e "SELECT 1" >/dev/null 2>&1 && break; sleep 0.5; done
mariadb -S "$RC/run/mysql.sock" -uroot <<SQL || fail mysql "could not create the databases"
CREATE USER IF NOT EXISTS 'openstack'@'127.0.0.1' IDENTIFIED BY 'secret';
GRANT ALL ON *.* TO 'openstack'@'127.0.0.1';
CREATE DATABASE IF NOT EXISTS keystone; CREATE DATABASE IF NOT EXISTS placement;
CREATE DATABASE IF NOT EXISTS nova_api; CREATE DATABASE IF NOT EXISTS nova; CREATE DATABASE IF NOT EXISTS nova_cell0;
CREATE DATABASE IF NOT EXISTS glance; CREATE DATABASE IF NOT EXISTS neutron;
SQL

# --- Keystone --------------------------------------------------------------------------------
KS="keystone-manage --config-file $RC/etc/keystone.conf"
if [ ! -f "$RC/state/keystone.done" ]; then
  log "setting up Keystone"
  out="$RC/log/keystone-manage.out"; : >"$out"
  step keystone "$out" $KS db_sync
  step keystone "$out" $KS fernet_setup --keystone-user root --keystone-group root
  step keystone "$out" $KS credential_setup --keystone-user root --keystone-group root
  step keystone "$out" $KS bootstrap --bootstrap-password secret --bootstrap-region-id RegionOne \
      --bootstrap-admin-url http://127.0.0.1:5000/v3/ --bootstrap-internal-url http://127.0.0.1:5000/v3/ \
      --bootstrap-public-url http://127.0.0.1:5000/v3/
  touch "$RC/state/keystone.done"
fi
OS_KEYSTONE_CONFIG_FILES="$RC/etc/keystone.conf" start keystone keystone-wsgi-public --host 127.0.0.1 --port 5000
wait_url keystone http://127.0.0.1:5000/v3

cat >"$RC/openrc" <<ENV
export OS_AUTH_URL=http://127.0.0.1:5000/v3 OS_USERNAME=admin OS_PASSWORD=secret OS_PROJECT_NAME=admin
export OS_USER_DOMAIN_NAME=Default OS_PROJECT_DOMAIN_NAME=Default OS_REGION_NAME=RegionOne OS_IDENTITY_API_VERSION=3
ENV
sed 's/OS_USERNAME=admin/OS_USERNAME=demo/; s/OS_PROJECT_NAME=admin/OS_PROJECT_NAME=demo/' "$RC/openrc" >"$RC/openrc-demo"

if [ ! -f "$RC/state/catalog.done" ]; then
  log "creating service users, catalog and the demo project"
  $PY - >"$RC/log/catalog.out" 2>&1 <<'PYCODE' || fail catalog "creating the service users and catalog failed"
from keystoneauth1 import session
from keystoneauth1.identity import v3
from keystoneclient.v3 import client
ks = client.Client(session=session.Session(auth=v3.Password(
    auth_url="http://127.0.0.1:5000/v3", username="admin", password="secret", project_name="admin",
    user_domain_id="default", project_domain_id="default")))
admin = ks.roles.find(name="admin"); member = ks.roles.find(name="member")
service = ks.projects.create("service", "default")
for name, stype, port, path in [("nova", "compute", 8774, "/v2.1"), ("placement", "placement", 8778, ""),
                                ("glance", "image", 9292, ""), ("neutron", "network", 9696, "")]:
    ks.roles.grant(admin, user=ks.users.create(name, domain="default", password="secret"), project=service)
    svc = ks.services.create(name, type=stype)
    for iface in ("public", "internal", "admin"):
        ks.endpoints.create(svc, f"http://127.0.0.1:{port}{path}", interface=iface, region="RegionOne")
demo = ks.projects.create("demo", "default")
ks.roles.grant(member, user=ks.users.create("demo", domain="default", password="secret"), project=demo)
PYCODE
  touch "$RC/state/catalog.done"
fi

# --- Placement, Glance, Neutron --------------------------------------------------------------
if [ ! -f "$RC/state/dbs.done" ]; then
  log "creating the Placement, Glance, Neutron and Nova databases"
  step placement "$RC/log/placement-manage.out" placement-manage --config-file "$RC/etc/placement/placement.conf" db sync
  step glance "$RC/log/glance-manage.out" glance-manage --config-file "$RC/etc/glance-api.conf" db_sync
  step neutron "$RC/log/neutron-db.out" neutron-db-manage --config-file "$RC/etc/neutron.conf" upgrade heads
  NM="nova-manage --config-file $RC/etc/nova.conf"
  step nova "$RC/log/nova-manage.out" $NM api_db sync
  step nova "$RC/log/nova-manage.out" $NM cell_v2 map_cell0 --database_connection "$DB/nova_cell0"
  # create_cell exits 2 when cell1 already exists (a re-run after a half-finished set-up)
  $NM cell_v2 list_cells 2>/dev/null | grep -q ' cell1 ' || step nova "$RC/log/nova-manage.out" $NM cell_v2 create_cell --name=cell1
  step nova "$RC/log/nova-manage.out" $NM db sync
  touch "$RC/state/dbs.done"
fi
OS_PLACEMENT_CONFIG_DIR="$RC/etc/placement" start placement placement-api --host 127.0.0.1 --port 8778
start glance glance-api --config-file "$RC/etc/glance-api.conf"
start neutron neutron-server --config-file "$RC/etc/neutron.conf"

# --- Nova ------------------------------------------------------------------------------------
wait_port rabbitmq 5672
NC="--config-file $RC/etc/nova.conf"
start nova-api nova-api $NC
start nova-conductor nova-conductor $NC
start nova-scheduler nova-scheduler $NC
start nova-compute $PY -c 'import sys; from nova.cmd.compute import main; sys.argv[0] = "nova-compute"; main()' $NC \
  --log-file "$RC/log/nova-compute.log"
wait_url placement http://127.0.0.1:8778
wait_url glance http://127.0.0.1:9292
wait_url neutron http://127.0.0.1:9696
wait_url nova-api http://127.0.0.1:8774
for name in nova-conductor nova-scheduler nova-compute; do running $name || fail $name "the process exited"; done

# --- seed data: an image, the usual flavors; warm Neutron's ORM up -----------------------------
. "$RC/openrc"
if [ ! -f "$RC/state/seed.done" ]; then
  log "uploading an image and creating flavors"
  head -c 1048576 /dev/zero >"$RC/state/tiny.img"
  $PY - "$RC/state/tiny.img" >"$RC/log/seed.out" 2>&1 <<'PYCODE' || fail seed "uploading the image or creating the flavors failed"
import sys, openstack
c = openstack.connect(auth_url="http://127.0.0.1:5000/v3", username="admin", password="secret",
    project_name="admin", user_domain_id="default", project_domain_id="default", region_name="RegionOne")
c.image.create_image(name="cirros", filename=sys.argv[1], disk_format="raw", container_format="bare",
    visibility="public")
for fid, name, ram, disk, vcpus in [("1", "m1.tiny", 512, 1, 1), ("2", "m1.small", 2048, 20, 1),
        ("3", "m1.medium", 4096, 40, 2), ("4", "m1.large", 8192, 80, 4), ("5", "m1.xlarge", 16384, 160, 8)]:
    c.compute.create_flavor(id=fid, name=name, ram=ram, disk=disk, vcpus=vcpus)
PYCODE
  touch "$RC/state/seed.done"
fi
# Neutron 21 configures its ORM mappers lazily; the first port listing fails unless another query ran first.
$PY -c 'import openstack; list(openstack.connect(auth_url="http://127.0.0.1:5000/v3", username="admin", password="secret",
    project_name="admin", user_domain_id="default", project_domain_id="default").network.networks())' \
  >"$RC/log/neutron-warmup.out" 2>&1 || fail neutron "the warm-up network listing failed (see also $RC/log/neutron-warmup.out)"
registered=""
for _ in $(seq 1 120); do   # the compute node registers itself and is mapped to cell1
  hypervisors=$(NOVACLIENT_ISHOULDNTBEDOINGTHIS=1 nova hypervisor-list 2>/dev/null || true)
  case $hypervisors in *realcloud*) registered=1; break ;; esac
  running nova-compute || fail nova-compute "the process exited before the host registered"
  sleep 1
done
[ -n "$registered" ] || fail nova-compute "host realcloud never showed up in nova hypervisor-list (120 s)"
log "up: Keystone http://127.0.0.1:5000/v3, Nova http://127.0.0.1:8774/v2.1 (max microversion $(curl -s http://127.0.0.1:8774/ | $PY -c 'import json,sys; print([v for v in json.load(sys.stdin)["versions"] if v["id"]=="v2.1"][0]["version"])'))"
log "credentials: . $RC/openrc  (admin)  or  . $RC/openrc-demo  (demo, member role)"
