import type { ChildProcess } from 'node:child_process';

export interface RedisClusterNode {
  port: number;
  busPort: number;
  process: ChildProcess;
  output: string[];
  readonly alive: boolean;
}

export interface RedisCluster {
  nodes: RedisClusterNode[];
  dir: string;
  /** `host:port,...` of every node started, as REDIS_CLUSTER_NODES wants it. */
  readonly seeds: string;
  /** The port of the master that serves `key`'s slot now. */
  masterOf(key: string): Promise<number>;
  /** SIGKILL: the node and its connections are gone at once. */
  kill(port: number): Promise<void>;
  /** Until every live node sees every slot served (after a failover, too). */
  waitUntilHealthy(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

export function startRedisCluster(options?: { masters?: number; replicas?: number; nodeTimeoutMs?: number }): Promise<RedisCluster>;
