//! The parts of the app loaded on first use (ARCHITECTURE.md, "What loads at
//! start"): each its own WebAssembly under `modules/`, called with text
//! arguments and answering texts or bytes.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/web/modules.js")]
extern "C" {
    #[wasm_bindgen(catch, js_name = call)]
    async fn call_module(name: &str, function: &str, args: js_sys::Array) -> Result<JsValue, JsValue>;
}

/// Calls `function` of module `name`, which answers a list of texts (read
/// without JSON, so that nothing more than the texts is in the bundle).
pub async fn call_texts(name: &str, function: &str, args: &[JsValue]) -> Result<Vec<String>, String> {
    let answer = call_raw(name, function, args).await?;
    Ok(js_sys::Array::from(&answer).iter().map(|t| t.as_string().unwrap_or_default()).collect())
}

/// Calls `function` of module `name`, which answers bytes (a file to download).
pub async fn call_bytes(name: &str, function: &str, args: &[JsValue]) -> Result<js_sys::Uint8Array, String> {
    let answer = call_raw(name, function, args).await?;
    answer.dyn_into().map_err(|_| format!("the {name} module gave no bytes"))
}

async fn call_raw(name: &str, function: &str, args: &[JsValue]) -> Result<JsValue, String> {
    let array: js_sys::Array = args.iter().collect();
    match call_module(name, function, array).await {
        Ok(answer) => Ok(answer),
        Err(e) => {
            let why = super::browser::js_error(&e);
            Err(match why.split_once("load: ") {
                Some((_, detail)) => format!(
                    "the {name} part of Rampart could not be loaded ({detail}); it is fetched the first time it is \
                     used, so this needs the app's address to be reachable once"
                ),
                None => format!("the {name} part of Rampart failed ({why}); it will be loaded afresh next time"),
            })
        }
    }
}
