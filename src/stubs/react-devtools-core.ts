// Ink 6 imports react-devtools-core statically (it is only used with DEV=true); the bundle aliases it to this
// no-op stub so the optional package is neither needed nor loaded.
export function connectToDevTools(): void {}
export function initialize(): void {}
export default { connectToDevTools, initialize };
