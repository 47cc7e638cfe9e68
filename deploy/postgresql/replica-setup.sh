#!/bin/sh
# A streaming standby for DATABASE_REPLICA_URL, on Debian (postgresql-15), run as root on the standby.
# The primary needs: a role with REPLICATION, and a pg_hba.conf line
#   host replication replicator 10.0.0.11/32 scram-sha-256
# apps/server/test/fixtures/pg-cluster.ts does the same on loopback for the replica test.
set -eu
PRIMARY=${PRIMARY:-10.0.0.10}
DATA=/var/lib/postgresql/15/main
systemctl stop postgresql@15-main
rm -rf "$DATA"
su postgres -c "pg_basebackup -h $PRIMARY -U replicator -D $DATA -R -X stream -c fast -P"
systemctl start postgresql@15-main
# Reads only: the app's replica role needs SELECT, nothing else (created on the primary, replicated):
#   CREATE ROLE fengqiao_ro LOGIN PASSWORD '…'; GRANT pg_read_all_data TO fengqiao_ro;
