export default async function globalTeardown() {
  await (globalThis as any).__E2E_STACK__?.stop();
  await (globalThis as any).__E2E_NATS__?.stop();
}
