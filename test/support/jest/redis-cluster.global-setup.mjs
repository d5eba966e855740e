// Jest global setup: one Redis Cluster (three masters) for the whole run, shared by every suite that runs in
// cluster mode; they find it in RDV_TEST_REDIS_CLUSTER (host:port,...) and use key prefixes of their own.
import { startRedisCluster } from '../redis-cluster.mjs';

export default async function startTestRedisCluster() {
  if (process.env.RDV_TEST_REDIS_CLUSTER) return; // given from outside (a cluster already running)
  const cluster = await startRedisCluster({ masters: 3, replicas: 0 });
  globalThis.__rdvTestRedisCluster = cluster;
  process.env.RDV_TEST_REDIS_CLUSTER = cluster.seeds;
}
