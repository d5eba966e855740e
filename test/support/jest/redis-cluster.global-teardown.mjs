// Jest global teardown: stops the Redis Cluster that the global setup started.
export default async function stopTestRedisCluster() {
  await globalThis.__rdvTestRedisCluster?.stop();
}
