// Ink 6 imports react-devtools-core statically; the bundle aliases it to this no-op stub (ink-and-tooling.md P11).
export function connectToDevTools(): void {}
export function initialize(): void {}
export default { connectToDevTools, initialize };
