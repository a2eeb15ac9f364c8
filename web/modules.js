// Loads an optional part of the app, its own WebAssembly, the first time it is
// used (ARCHITECTURE.md, "What loads at start"). Modules are files of the app's
// own origin, under modules/; the service worker keeps them once fetched.
const loaded = new Map();

function load(name) {
  if (!loaded.has(name)) {
    // Relative to the page, not to this file (wasm-bindgen copies it elsewhere).
    const base = new URL(`modules/${name}`, document.baseURI).href;
    const ready = import(`${base}.js`).then(async (m) => {
      await m.default({ module_or_path: `${base}_bg.wasm` });
      return m;
    });
    // A failed load (offline before it was ever fetched) is tried again next time.
    ready.catch(() => loaded.delete(name));
    loaded.set(name, ready);
  }
  return loaded.get(name);
}

// Calls `fn` of module `name` with text arguments; resolves to its text answer.
// A rejection says which stage failed: "load: …" or "run: …".
export async function call(name, fn, args) {
  let m;
  try {
    m = await load(name);
  } catch (e) {
    throw new Error(`load: ${e}`);
  }
  try {
    return m[fn](...args);
  } catch (e) {
    // A module that failed mid-call may be left broken: load it afresh next time.
    loaded.delete(name);
    throw new Error(`run: ${e}`);
  }
}
