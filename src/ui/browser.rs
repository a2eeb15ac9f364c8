//! Everything the app needs from the browser: storage, files, downloads, the
//! clipboard, today's date. Each failure comes back as a message for the user.

use rampart_core::model::Date;
use rampart_core::Register;
use wasm_bindgen::{JsCast, JsValue};

/// The key under which the register is saved.
pub const REGISTER_KEY: &str = "rampart.register.v1";
/// The key another tab watches: who saved last, and when.
pub const SAVED_BY_KEY: &str = "rampart.saved-by";

/// Today in the browser's time zone.
pub fn today() -> Date {
    let d = js_sys::Date::new_0();
    Date::from_ymd(d.get_full_year() as i32, d.get_month() as u8 + 1, d.get_date() as u8)
        .unwrap_or_else(|| Date::from_ymd(2026, 1, 1).expect("a real date"))
}

fn storage() -> Result<web_sys::Storage, String> {
    web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .ok_or_else(|| "browser storage is not available (private mode or blocked by a setting)".to_string())
}

/// Saves the register; `tab` names this tab so that others know who saved.
pub fn save(register: &Register, tab: &str) -> Result<(), String> {
    let s = storage()?;
    let text = rampart_core::import::to_json(register);
    s.set_item(REGISTER_KEY, &text).map_err(|e| {
        let why = js_error(&e);
        if why.to_lowercase().contains("quota") {
            format!("browser storage is full ({} KB needed): export the register to keep it", text.len() / 1024)
        } else {
            format!("could not save to browser storage: {why}")
        }
    })?;
    s.set_item(SAVED_BY_KEY, &format!("{tab} {}", js_sys::Date::now())).map_err(|e| js_error(&e))
}

/// The saved register, if there is one.
pub fn load() -> Option<Result<Register, rampart_core::ImportError>> {
    let text = storage().ok()?.get_item(REGISTER_KEY).ok().flatten()?;
    Some(rampart_core::import(&text))
}

pub fn js_error(e: &JsValue) -> String {
    e.dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "unknown error".into())
}

/// Offers `content` as a file download named `name`.
pub fn download(name: &str, content: &str, mime: &str) -> Result<(), String> {
    let parts = js_sys::Array::of1(&JsValue::from_str(content));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).map_err(|e| js_error(&e))?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(|e| js_error(&e))?;
    let document = web_sys::window().and_then(|w| w.document()).ok_or("no document")?;
    let a: web_sys::HtmlAnchorElement =
        document.create_element("a").map_err(|e| js_error(&e))?.dyn_into().map_err(|_| "not an anchor")?;
    a.set_href(&url);
    a.set_download(name);
    a.click();
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}

/// Copies text to the clipboard.
pub async fn copy(text: String) -> Result<(), String> {
    let clipboard = web_sys::window().ok_or("no window")?.navigator().clipboard();
    wasm_bindgen_futures::JsFuture::from(clipboard.write_text(&text)).await.map(|_| ()).map_err(|e| js_error(&e))
}

/// A random name for this tab.
pub fn tab_name() -> String {
    format!("tab-{:x}", (js_sys::Math::random() * 1e12) as u64)
}
