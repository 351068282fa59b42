// A plain TCP (or unix socket) connect: the cheapest proof that a server is listening.
const net = require('node:net');

/** Resolves true when a connection opens within `timeoutMs`, false on refusal, error or timeout. */
function isReachable({ host, port, socketPath }, timeoutMs = 1000) {
  return new Promise((resolve) => {
    const socket = socketPath ? net.connect({ path: socketPath }) : net.connect({ host, port });
    let settled = false;
    const finish = (reachable) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(reachable);
    };
    const timer = setTimeout(() => finish(false), timeoutMs);
    socket.once('connect', () => finish(true));
    socket.once('error', () => finish(false));
  });
}

/** Polls until reachable or `totalMs` has passed. */
async function waitUntilReachable(address, totalMs, intervalMs = 250) {
  const deadline = Date.now() + totalMs;
  for (;;) {
    if (await isReachable(address, Math.min(1000, Math.max(50, deadline - Date.now())))) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

module.exports = { isReachable, waitUntilReachable };
