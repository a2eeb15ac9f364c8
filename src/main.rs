//! Entry point of the web app: mounts it when run as WebAssembly.

fn main() {
    #[cfg(target_arch = "wasm32")]
    rampart_app::start();
    #[cfg(not(target_arch = "wasm32"))]
    eprintln!("The Rampart app runs in the browser: run ./scripts/serve and open the printed address.");
}
