/** The PeerJS signaling server (the `peer` npm package) as a standalone process on PORT. */
import { PeerServer } from 'peer';

const port = Number(process.env.PORT);
PeerServer({ port, host: '127.0.0.1', path: '/', concurrent_limit: 100_000, alive_timeout: 600_000 }, () => console.log(`peerjs on ${port}`));
process.once('SIGTERM', () => process.exit(0));
